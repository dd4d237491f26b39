"""Writes cmyk.jpg: an 8x4 CMYK JPEG, left half red, right half blue (ImageSharp 2.1.13 cannot encode CMYK).
Run with Debian's python3-pil: /usr/bin/python3 make_cmyk_jpeg.py"""
from PIL import Image

image = Image.new("RGB", (8, 4))
for x in range(8):
    for y in range(4):
        image.putpixel((x, y), (220, 20, 20) if x < 4 else (20, 20, 220))
image.convert("CMYK").save("cmyk.jpg", quality=95)

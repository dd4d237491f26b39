using MlNetCnn.Transforms;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Tests.Transforms;

/// <summary>
/// Every format and colour mode ImageSharp 2.1 reads comes out as the same CHW tensor: files generated here with
/// ImageSharp's own encoders, decoded by <see cref="ImageDecoding"/>, pixels checked. Not here: CMYK JPEG, which
/// ImageSharp 2.1.13 decodes but cannot write (<c>JpegColorType.Cmyk</c> silently writes YCbCr), and no other encoder is
/// available to the tests.
/// </summary>
[TestClass]
public sealed class ImageFormatsTests
{
    private static readonly ImageTensorSettings Rgb16 = new(16, 16);

    /// <summary>Four flat quadrants of four colours: exact in every lossless format and in a 256-colour GIF palette.</summary>
    private static Rgb24 Quadrants(int x, int y) => (x < 8, y < 8) switch
    {
        (true, true) => new Rgb24(200, 30, 40),
        (false, true) => new Rgb24(10, 180, 70),
        (true, false) => new Rgb24(20, 40, 220),
        _ => new Rgb24(250, 250, 5),
    };

    private static void AssertPixels(float[] chw, Func<int, int, Rgb24> expected, int tolerance = 0)
    {
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                var pixel = expected(x, y);
                byte[] want = { pixel.R, pixel.G, pixel.B };
                for (int c = 0; c < 3; c++)
                {
                    float got = TestImages.At(chw, Rgb16, c, x, y) * 255f;
                    Assert.IsTrue(Math.Abs(got - want[c]) <= tolerance + 1e-3, $"channel {c} at ({x}, {y}): expected {want[c]}, got {got}");
                }
            }
    }

    [TestMethod]
    [DataRow(".png")]
    [DataRow(".bmp")]
    [DataRow(".gif")]
    [DataRow(".webp")]
    [DataRow(".tif")]
    [DataRow(".tga")]
    [DataRow(".ppm")]
    public void DecodeToChw_LosslessFormat_GivesTheEncodedPixels(string extension)
    {
        using var image = TestImages.Create(16, 16, Quadrants);

        float[] chw = ImageDecoding.DecodeToChw(TestImages.Encode(image, extension), Rgb16);

        AssertPixels(chw, Quadrants);
    }

    [TestMethod]
    public void FileExtensions_AreEveryExtensionImageSharpReads()
    {
        foreach (string extension in new[] { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".tga", ".pbm", ".ppm", ".pgm" })
            Assert.IsTrue(ImageDecoding.FileExtensions.Contains(extension), extension);
        Assert.IsTrue(ImageDecoding.FileExtensions.Contains(".JPG"), "extensions are case-insensitive");
    }

    [TestMethod]
    public void DecodeToChw_GrayscaleJpeg_RepeatsTheGrayInEveryChannel()
    {
        using var image = new Image<L8>(16, 16, new L8(120));
        byte[] jpeg = TestImages.Encode(image, new JpegEncoder { ColorType = JpegColorType.Luminance, Quality = 100 });

        AssertPixels(ImageDecoding.DecodeToChw(jpeg, Rgb16), (_, _) => new Rgb24(120, 120, 120), tolerance: 1);
    }

    [TestMethod]
    [DataRow(PngColorType.Grayscale, PngBitDepth.Bit8)]
    [DataRow(PngColorType.Grayscale, PngBitDepth.Bit16)]
    [DataRow(PngColorType.Palette, PngBitDepth.Bit8)]
    [DataRow(PngColorType.Rgb, PngBitDepth.Bit16)]
    public void DecodeToChw_PngColourTypes_GiveTheSamePixels(PngColorType colorType, PngBitDepth bitDepth)
    {
        Func<int, int, Rgb24> expected = colorType == PngColorType.Grayscale
            ? (x, y) => new Rgb24((byte)(x * 16), (byte)(x * 16), (byte)(x * 16))
            : Quadrants;
        using var image = TestImages.Create(16, 16, expected);

        byte[] png = TestImages.Encode(image, new PngEncoder { ColorType = colorType, BitDepth = bitDepth });

        AssertPixels(ImageDecoding.DecodeToChw(png, Rgb16), expected);
    }

    [TestMethod]
    public void DecodeToChw_Alpha_IsDroppedNotComposited()
    {
        // As PIL's convert("RGB") and torchvision's loader: the stored colour stays, whatever its opacity.
        using var image = new Image<Rgba32>(16, 16);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
                image[x, y] = new Rgba32(90, 60, 30, (byte)(x * 16));

        float[] chw = ImageDecoding.DecodeToChw(TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha }), Rgb16);

        AssertPixels(chw, (_, _) => new Rgb24(90, 60, 30));
    }

    [TestMethod]
    public void DecodeToChw_AnimatedGif_TakesTheFirstFrame()
    {
        using var gif = new Image<Rgb24>(16, 16, new Rgb24(200, 0, 0));
        using var second = new Image<Rgb24>(16, 16, new Rgb24(0, 200, 0));
        gif.Frames.AddFrame(second.Frames.RootFrame);
        Assert.AreEqual(2, gif.Frames.Count);

        AssertPixels(ImageDecoding.DecodeToChw(TestImages.Encode(gif, new GifEncoder()), Rgb16), (_, _) => new Rgb24(200, 0, 0));
    }

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(1000, 7)]
    [DataRow(3, 900)]
    public void DecodeToChw_AnySize_GivesTheTargetShape(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(40, 80, 120));

        float[] chw = ImageDecoding.DecodeToChw(TestImages.Encode(image, ".png"), Rgb16);

        AssertPixels(chw, (_, _) => new Rgb24(40, 80, 120));
    }
}

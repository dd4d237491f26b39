using MlNetCnn.Transforms;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Tests.Transforms;

/// <summary>Images with known pixels, generated in a temporary folder that is deleted on dispose.</summary>
internal sealed class TestImages : IDisposable
{
    public TestImages() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mlnetcnn-transforms-" + Guid.NewGuid().ToString("N"));

    /// <summary>A pattern in which every pixel differs: R = 7x + y, G = 3y + 11, B = x·y (all mod 256).</summary>
    public static Rgb24 Pattern(int x, int y) => new((byte)(7 * x + y), (byte)(3 * y + 11), (byte)(x * y));

    public static Image<Rgb24> Create(int width, int height, Func<int, int, Rgb24> pixel)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                image[x, y] = pixel(x, y);
        return image;
    }

    /// <summary>Encodes with the encoder for the extension of <paramref name="fileName"/> and writes the file.</summary>
    public string Save(Image image, string fileName)
    {
        string path = Path.Combine(Folder, fileName);
        image.Save(path, EncoderFor(fileName));
        return path;
    }

    public string Save(int width, int height, Func<int, int, Rgb24> pixel, string fileName)
    {
        using var image = Create(width, height, pixel);
        return Save(image, fileName);
    }

    /// <summary>A PNG of <paramref name="size"/>×<paramref name="size"/> pixels of <see cref="Pattern"/>.</summary>
    public static byte[] Png(int size)
    {
        using var image = Create(size, size, Pattern);
        return Encode(image, ".png");
    }

    public static byte[] Encode(Image image, string extension) => Encode(image, EncoderFor(extension));

    public static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>Value of channel <paramref name="c"/> at (x, y) in a CHW tensor.</summary>
    public static float At(float[] chw, ImageTensorSettings settings, int c, int x, int y) =>
        chw[(c * settings.Height + y) * settings.Width + x];

    public void Dispose()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }

    private static IImageEncoder EncoderFor(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".png" => new PngEncoder(),
        ".jpg" or ".jpeg" => new JpegEncoder { Quality = 95 },
        ".bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
        ".gif" => new GifEncoder(),
        ".webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
        ".tif" or ".tiff" => new TiffEncoder(),
        ".tga" => new TgaEncoder(),
        ".ppm" => new PbmEncoder { ColorType = PbmColorType.Rgb },
        var other => throw new ArgumentException($"No encoder for '{other}' in the tests.", nameof(fileName)),
    };
}

using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>Lossless image file formats that raw records are encoded to.</summary>
public enum EncodedImageFormat
{
    /// <summary>Uncompressed BMP (8-bit grey or 24-bit colour): the fastest to write and read.</summary>
    Bmp,

    /// <summary>PNG (8-bit grey or 24-bit colour): smaller, for files on disk.</summary>
    Png,
}

/// <summary>Encodes raw records (<see cref="RawImageSet"/>) losslessly as image files with ImageSharp.</summary>
public static class ImageEncoding
{
    /// <summary>Record <paramref name="index"/> of <paramref name="images"/> as an image file in <paramref name="format"/>.</summary>
    public static byte[] Encode(RawImageSet images, int index, EncodedImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var stream = new MemoryStream(images.Shape.PixelCount + 1100);
        ReadOnlySpan<byte> pixels = images.Pixels(index);
        RawImageShape shape = images.Shape;
        switch (shape.Channels)
        {
            case 1:
                using (var grey = Image.LoadPixelData<L8>(pixels, shape.Width, shape.Height))
                    grey.Save(stream, Encoder(format, grey: true));
                break;
            case 3:
                using (var colour = Image.LoadPixelData<Rgb24>(Interleave(pixels, shape), shape.Width, shape.Height))
                    colour.Save(stream, Encoder(format, grey: false));
                break;
            default:
                throw new ArgumentException(
                    $"Images of '{images.SourcePath}' have {shape.Channels} channels; expected 1 (grey) or 3 (RGB).",
                    nameof(images));
        }
        return stream.ToArray();
    }

    /// <summary>Every record of <paramref name="images"/> up to <paramref name="count"/>, encoded in parallel.</summary>
    public static byte[][] EncodeAll(RawImageSet images, int count, EncodedImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(images);
        var encoded = new byte[count][];
        Parallel.For(0, count, i => encoded[i] = Encode(images, i, format));
        return encoded;
    }

    private static byte[] Interleave(ReadOnlySpan<byte> planar, RawImageShape shape)
    {
        int plane = shape.Width * shape.Height;
        var interleaved = new byte[plane * 3];
        for (int p = 0; p < plane; p++)
        {
            interleaved[3 * p] = planar[p];
            interleaved[3 * p + 1] = planar[plane + p];
            interleaved[3 * p + 2] = planar[2 * plane + p];
        }
        return interleaved;
    }

    private static readonly IImageEncoder BmpGrey = new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 };
    private static readonly IImageEncoder BmpColour = new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 };
    private static readonly IImageEncoder PngGrey = Png(PngColorType.Grayscale);
    private static readonly IImageEncoder PngColour = Png(PngColorType.Rgb);

    private static PngEncoder Png(PngColorType colorType) => new()
    {
        ColorType = colorType,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestCompression,
    };

    private static IImageEncoder Encoder(EncodedImageFormat format, bool grey) => format switch
    {
        EncodedImageFormat.Bmp => grey ? BmpGrey : BmpColour,
        EncodedImageFormat.Png => grey ? PngGrey : PngColour,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Expected Bmp or Png."),
    };
}

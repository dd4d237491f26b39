using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MlNetCnn.Transforms;

/// <summary>
/// Decodes an encoded image (PNG, JPEG, BMP, GIF, TGA, TIFF, WebP, PBM) into a CHW float tensor with
/// values <c>pixel / 255</c>: the one place in MlNetCnn where images are decoded, oriented, resized and
/// laid out, used by the ML.NET transform, the data set loaders and the trainers alike.
/// </summary>
/// <remarks>
/// Steps: decode with ImageSharp; apply the EXIF orientation; resize to the target size unless the image
/// already has it (then pixels pass through bit-exactly) — <see cref="ImageResizeMode.Stretch"/> resizes,
/// <see cref="ImageResizeMode.CenterCrop"/> scales to cover the target and cuts the centre out — with a
/// triangle (bilinear, antialiased when shrinking) filter; write channel planes. Every colour mode becomes RGB: grayscale
/// is repeated in the three channels, palettes are looked up, CMYK and YCCK JPEGs are converted, 16-bit samples are rounded
/// to 8 bits. Alpha is dropped, not composited onto a background: a pixel keeps its stored colour whatever its opacity,
/// as PIL's <c>convert("RGB")</c> (and so torchvision's image loader) does. Of an animated GIF, WebP or TIFF, the first
/// frame is used. A truncated JPEG, PNG, WebP or BMP, which ImageSharp would complete with grey, fails as PIL's loader does.
/// </remarks>
public static class ImageDecoding
{
    /// <summary><c>ByteToUnit[v] == v / 255f</c>, exactly as torchvision's <c>ToTensor</c> computes it.</summary>
    private static readonly float[] ByteToUnit = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    /// <summary>The formats ImageSharp decodes, for messages: "BMP, GIF, JPEG, PBM, PNG, TGA, TIFF, WEBP".</summary>
    private static readonly string FormatNames = string.Join(", ", Configuration.Default.ImageFormats.Select(f => f.Name).Order(StringComparer.Ordinal));

    /// <summary>
    /// The file extensions of every format ImageSharp decodes, with the dot (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>, <c>.webp</c>,
    /// <c>.tif</c>, <c>.ppm</c>, ...), compared case-insensitively: the files an image folder reads.
    /// </summary>
    public static IReadOnlySet<string> FileExtensions { get; } = new HashSet<string>(
        Configuration.Default.ImageFormats.SelectMany(f => f.FileExtensions).Select(e => "." + e.ToLowerInvariant()),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Decodes encoded image bytes into <paramref name="destination"/>.</summary>
    /// <param name="encoded">The bytes of an encoded image file.</param>
    /// <param name="settings">Target size, colour and resize mode.</param>
    /// <param name="destination">Receives <see cref="ImageTensorSettings.Length"/> floats in CHW order.</param>
    /// <exception cref="ImageLoadException">The bytes are not an image ImageSharp can decode.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public static void DecodeToChw(ReadOnlySpan<byte> encoded, ImageTensorSettings settings, Span<float> destination) =>
        Decode(encoded, settings, destination, imagePath: null);

    /// <summary>Decodes encoded image bytes into a new array.</summary>
    /// <param name="encoded">The bytes of an encoded image file.</param>
    /// <param name="settings">Target size, colour and resize mode.</param>
    /// <returns><see cref="ImageTensorSettings.Length"/> floats in CHW order.</returns>
    /// <exception cref="ImageLoadException">The bytes are not an image ImageSharp can decode.</exception>
    public static float[] DecodeToChw(ReadOnlySpan<byte> encoded, ImageTensorSettings settings)
    {
        var result = new float[settings.Length];
        DecodeToChw(encoded, settings, result);
        return result;
    }

    /// <summary>Reads and decodes an image file into <paramref name="destination"/>.</summary>
    /// <param name="path">The image file; a relative path is resolved against <paramref name="imageFolder"/> when given.</param>
    /// <param name="settings">Target size, colour and resize mode.</param>
    /// <param name="destination">Receives <see cref="ImageTensorSettings.Length"/> floats in CHW order.</param>
    /// <param name="imageFolder">The folder for relative paths, or null for the current directory.</param>
    /// <exception cref="ImageLoadException">The file does not exist, cannot be read or cannot be decoded.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public static void DecodeFileToChw(string path, ImageTensorSettings settings, Span<float> destination, string? imageFolder = null)
    {
        string fullPath = ResolvePath(path, imageFolder);
        Decode(ReadFile(fullPath), settings, destination, fullPath);
    }

    /// <summary>Reads and decodes an image file into a new array.</summary>
    /// <param name="path">The image file; a relative path is resolved against <paramref name="imageFolder"/> when given.</param>
    /// <param name="settings">Target size, colour and resize mode.</param>
    /// <param name="imageFolder">The folder for relative paths, or null for the current directory.</param>
    /// <returns><see cref="ImageTensorSettings.Length"/> floats in CHW order.</returns>
    /// <exception cref="ImageLoadException">The file does not exist, cannot be read or cannot be decoded.</exception>
    public static float[] DecodeFileToChw(string path, ImageTensorSettings settings, string? imageFolder = null)
    {
        var result = new float[settings.Length];
        DecodeFileToChw(path, settings, result, imageFolder);
        return result;
    }

    private static string ResolvePath(string path, string? imageFolder)
    {
        if (string.IsNullOrEmpty(path))
            throw new ImageLoadException(
                "The image path is empty: every row of the image column must name an image file.", path, "an empty image path");
        return imageFolder is null || Path.IsPathRooted(path) ? path : Path.Combine(imageFolder, path);
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageLoadException(
                $"Image file '{Path.GetFullPath(path)}' does not exist. Check the path in the image column and the image folder option.",
                path, Describe(path, 0), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException($"Image file '{Path.GetFullPath(path)}' could not be read: {e.Message}", path, Describe(path, 0), e);
        }
    }

    private static void Decode(ReadOnlySpan<byte> encoded, ImageTensorSettings settings, Span<float> destination, string? imagePath)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (destination.Length != settings.Length)
            throw new ArgumentException(
                $"The destination must hold {settings.Channels}×{settings.Height}×{settings.Width} = {settings.Length} floats; got {destination.Length}.",
                nameof(destination));

        using var image = Load(encoded, imagePath);
        if (image.Metadata.ExifProfile is not null)
            image.Mutate(x => x.AutoOrient());
        if (image.Width != settings.Width || image.Height != settings.Height)
            image.Mutate(x => x.Resize(ResizeOptionsFor(settings)));
        if (settings.ColorMode == ImageColorMode.Grayscale)
            WriteGray(image, destination);
        else
            WriteRgb(image, destination);
    }

    /// <summary>
    /// Checks that <paramref name="encoded"/> looks like an image ImageSharp decodes — a known format with a readable
    /// header, and for JPEG, PNG, WebP and BMP an end where the format puts it — without decoding any pixel: cheap
    /// enough for every row. Other damage shows only when decoded; <see cref="Verify"/> decodes.
    /// </summary>
    /// <param name="encoded">The bytes of an encoded image file.</param>
    /// <param name="imagePath">The file the bytes come from, named in the message; null for bytes of no file.</param>
    /// <exception cref="ImageLoadException">The bytes are empty, of no format ImageSharp knows, have a broken header or are truncated.</exception>
    public static void CheckHeader(byte[] encoded, string? imagePath)
    {
        string description = DescribeComplete(encoded, imagePath);
        IImageInfo? info;
        try
        {
            using var stream = new MemoryStream(encoded, writable: false);
            info = Image.Identify(Configuration.Default, stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw NotAnImage(description, imagePath, e);
        }
        if (info is null)
            throw NotAnImage(description, imagePath, null);
    }

    /// <summary>Reads and decodes the whole image file <paramref name="path"/> (no resizing), to find unreadable, corrupt or truncated files.</summary>
    /// <param name="path">The image file.</param>
    /// <exception cref="ImageLoadException">The file does not exist, cannot be read or cannot be decoded; the message names it.</exception>
    public static void Verify(string path)
    {
        using var image = Load(ReadFile(path), path);
    }

    private static Image<Rgb24> Load(ReadOnlySpan<byte> encoded, string? imagePath)
    {
        string description = DescribeComplete(encoded, imagePath);
        try
        {
            return Image.Load<Rgb24>(Configuration.Default, encoded);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw NotAnImage(description, imagePath, e);
        }
    }

    /// <summary>The description of the image for messages, after checking it is neither empty nor truncated.</summary>
    private static string DescribeComplete(ReadOnlySpan<byte> encoded, string? imagePath)
    {
        string description = Describe(imagePath, encoded.Length);
        if (encoded.IsEmpty)
            throw new ImageLoadException(
                $"Could not decode {description}: it is empty, expected an encoded image ({FormatNames}).", imagePath, description);
        if (TruncatedImage.Problem(encoded) is { } truncated)
            throw new ImageLoadException($"Could not decode {description}: {truncated}.", imagePath, description);
        return description;
    }

    private static ImageLoadException NotAnImage(string description, string? imagePath, Exception? cause) => new(
        $"Could not decode {description}: expected an encoded image ({FormatNames})." + (cause is null ? "" : $" ImageSharp said: {cause.Message}"),
        imagePath, description, cause);

    private static string Describe(string? imagePath, int length) =>
        imagePath is null ? $"encoded image bytes ({length} bytes)" : $"image file '{Path.GetFullPath(imagePath)}'";

    private static ResizeOptions ResizeOptionsFor(ImageTensorSettings settings) => new()
    {
        Size = new Size(settings.Width, settings.Height),
        Mode = settings.ResizeMode == ImageResizeMode.CenterCrop ? ResizeMode.Crop : ResizeMode.Stretch,
        Position = AnchorPositionMode.Center,
        Sampler = KnownResamplers.Triangle,
    };

    private static void WriteRgb(Image<Rgb24> image, Span<float> destination)
    {
        int width = image.Width, plane = width * image.Height;
        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        for (int y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<Rgb24> row = image.DangerousGetPixelRowMemory(y).Span;
            int offset = y * width;
            for (int x = 0; x < row.Length; x++)
            {
                Rgb24 pixel = row[x];
                red[offset + x] = ByteToUnit[pixel.R];
                green[offset + x] = ByteToUnit[pixel.G];
                blue[offset + x] = ByteToUnit[pixel.B];
            }
        }
    }

    /// <summary>Luminance with PIL's integer ITU-R 601 weights (they sum to 65536, so grey stays exact).</summary>
    private static void WriteGray(Image<Rgb24> image, Span<float> destination)
    {
        int width = image.Width;
        for (int y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<Rgb24> row = image.DangerousGetPixelRowMemory(y).Span;
            var gray = destination.Slice(y * width, width);
            for (int x = 0; x < row.Length; x++)
            {
                Rgb24 pixel = row[x];
                gray[x] = ByteToUnit[(pixel.R * 19595 + pixel.G * 38470 + pixel.B * 7471 + 0x8000) >> 16];
            }
        }
    }
}

namespace MlNetCnn.Transforms;

/// <summary>
/// What an image becomes: a <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/> tensor
/// (CHW order) of values <c>pixel / 255</c>. Shared by the ML.NET transform, the data set loaders and the
/// trainers so that every path decodes an image the same way.
/// </summary>
public sealed record ImageTensorSettings
{
    /// <summary>Creates settings and checks them.</summary>
    /// <param name="width">Target width in pixels; positive.</param>
    /// <param name="height">Target height in pixels; positive.</param>
    /// <param name="colorMode">RGB (3 channels) or grayscale (1 channel).</param>
    /// <param name="resizeMode">How an image of another size is brought to the target size.</param>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public ImageTensorSettings(int width, int height,
        ImageColorMode colorMode = ImageColorMode.Rgb, ImageResizeMode resizeMode = ImageResizeMode.Stretch)
    {
        ImageTensorOptionChecks.CheckSize(width, height, colorMode, nameof(width), nameof(height));
        ImageTensorOptionChecks.CheckDefined(colorMode, nameof(colorMode));
        ImageTensorOptionChecks.CheckDefined(resizeMode, nameof(resizeMode));
        Width = width;
        Height = height;
        ColorMode = colorMode;
        ResizeMode = resizeMode;
    }

    /// <summary>Target width in pixels.</summary>
    public int Width { get; }

    /// <summary>Target height in pixels.</summary>
    public int Height { get; }

    /// <summary>RGB or grayscale.</summary>
    public ImageColorMode ColorMode { get; }

    /// <summary>How an image of another size is brought to the target size.</summary>
    public ImageResizeMode ResizeMode { get; }

    /// <summary>Number of channels: 3 for <see cref="ImageColorMode.Rgb"/>, 1 for grayscale.</summary>
    public int Channels => ChannelsOf(ColorMode);

    /// <summary>Number of floats in one decoded image: channels × height × width.</summary>
    public int Length => Channels * Height * Width;

    internal static int ChannelsOf(ImageColorMode colorMode) => colorMode == ImageColorMode.Grayscale ? 1 : 3;
}

namespace MlNetCnn.Transforms;

/// <summary>
/// Options of <see cref="ImageTensorCatalog.LoadImagesAsTensors(Microsoft.ML.TransformsCatalog, ImageTensorOptions)"/>.
/// The estimator checks them when it is created and copies them; changing the object afterwards has no effect.
/// </summary>
public sealed class ImageTensorOptions
{
    /// <summary>Name of the output column: a known-size <c>Vector&lt;Single, C, H, W&gt;</c>, CHW, values 0–1.</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>
    /// Name of the image column: Text (a file path, absolute or relative to <see cref="ImageFolder"/>) or
    /// <c>Vector&lt;Byte&gt;</c> (the bytes of an encoded image file).
    /// </summary>
    public string InputColumnName { get; set; } = "ImagePath";

    /// <summary>Width of the output image in pixels.</summary>
    public int ImageWidth { get; set; } = 224;

    /// <summary>Height of the output image in pixels.</summary>
    public int ImageHeight { get; set; } = 224;

    /// <summary>RGB (3 channels) or grayscale (1 channel).</summary>
    public ImageColorMode ColorMode { get; set; } = ImageColorMode.Rgb;

    /// <summary>How an image of another size is brought to <see cref="ImageWidth"/> × <see cref="ImageHeight"/>.</summary>
    public ImageResizeMode ResizeMode { get; set; } = ImageResizeMode.Stretch;

    /// <summary>
    /// Folder that relative paths in a Text image column are resolved against; null for the current
    /// directory. Saved with the model.
    /// </summary>
    public string? ImageFolder { get; set; }

    /// <summary>Checks every option and returns the image settings they describe.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    internal ImageTensorSettings Validate()
    {
        ImageTensorOptionChecks.CheckColumnName(OutputColumnName, nameof(OutputColumnName));
        ImageTensorOptionChecks.CheckColumnName(InputColumnName, nameof(InputColumnName));
        ImageTensorOptionChecks.CheckSize(ImageWidth, ImageHeight, ColorMode, nameof(ImageWidth), nameof(ImageHeight));
        ImageTensorOptionChecks.CheckDefined(ColorMode, nameof(ColorMode));
        ImageTensorOptionChecks.CheckDefined(ResizeMode, nameof(ResizeMode));
        if (ImageFolder is not null && string.IsNullOrWhiteSpace(ImageFolder))
            throw new ArgumentException(
                $"{nameof(ImageFolder)} must be null (paths as given) or name a folder; got '{ImageFolder}'.", nameof(ImageFolder));
        return new ImageTensorSettings(ImageWidth, ImageHeight, ColorMode, ResizeMode);
    }
}

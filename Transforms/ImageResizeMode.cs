namespace MlNetCnn.Transforms;

/// <summary>
/// How <see cref="ImageTensorEstimator"/> brings an image to the target width and height.
/// An image that already has the target size is never resampled, whatever the mode.
/// </summary>
public enum ImageResizeMode
{
    /// <summary>Resize to exactly the target size; the aspect ratio may change.</summary>
    Stretch = 0,

    /// <summary>
    /// Scale so that the image covers the target size while keeping its aspect ratio, then cut the
    /// centre out (torchvision's <c>Resize</c> followed by <c>CenterCrop</c>).
    /// </summary>
    CenterCrop = 1,
}

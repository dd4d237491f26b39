using Microsoft.ML;

namespace MlNetCnn.Transforms;

/// <summary>Extensions on <see cref="TransformsCatalog"/> that create <see cref="ImageTensorEstimator"/>.</summary>
public static class ImageTensorCatalog
{
    /// <summary>
    /// Creates an <see cref="ImageTensorEstimator"/>, which loads images from a path or encoded-bytes column
    /// and outputs a known-size <c>Vector&lt;Single, C, H, W&gt;</c> column (CHW, values 0–1).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column.</param>
    /// <param name="inputColumnName">Name of the image column: Text (file path) or <c>Vector&lt;Byte&gt;</c> (encoded image).</param>
    /// <param name="imageWidth">Width of the output image in pixels.</param>
    /// <param name="imageHeight">Height of the output image in pixels.</param>
    /// <param name="colorMode">RGB (3 channels) or grayscale (1 channel).</param>
    /// <param name="resizeMode">How an image of another size is brought to the target size.</param>
    /// <param name="imageFolder">Folder that relative paths are resolved against; null for the current directory.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">An argument is out of range; the message names it and its value.</exception>
    /// <example>
    /// <code>
    /// var pipeline = mlContext.Transforms.LoadImagesAsTensors("Features", "ImagePath", 32, 32, imageFolder: "images");
    /// </code>
    /// </example>
    public static ImageTensorEstimator LoadImagesAsTensors(this TransformsCatalog catalog,
        string outputColumnName, string inputColumnName, int imageWidth, int imageHeight,
        ImageColorMode colorMode = ImageColorMode.Rgb, ImageResizeMode resizeMode = ImageResizeMode.Stretch,
        string? imageFolder = null) =>
        catalog.LoadImagesAsTensors(new ImageTensorOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ImageWidth = imageWidth,
            ImageHeight = imageHeight,
            ColorMode = colorMode,
            ResizeMode = resizeMode,
            ImageFolder = imageFolder,
        });

    /// <summary>Creates an <see cref="ImageTensorEstimator"/> from options.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options; checked now and copied.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    public static ImageTensorEstimator LoadImagesAsTensors(this TransformsCatalog catalog, ImageTensorOptions options) =>
        new(catalog, options);
}

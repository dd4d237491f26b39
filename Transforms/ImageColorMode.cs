namespace MlNetCnn.Transforms;

/// <summary>
/// The colour layout of the tensor that <see cref="ImageTensorEstimator"/> produces.
/// </summary>
public enum ImageColorMode
{
    /// <summary>Three channels in the order red, green, blue (alpha is dropped).</summary>
    Rgb = 0,

    /// <summary>
    /// One channel of luminance, computed from red, green and blue with the ITU-R 601 weights
    /// that PIL's <c>convert("L")</c> uses, so a grey image keeps its exact values.
    /// </summary>
    Grayscale = 1,
}

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// One row of every data set in this namespace: the class name and the encoded image file bytes
/// (PNG, BMP, JPEG, ...), the input that <c>LoadImagesAsTensors</c> reads.
/// </summary>
public sealed class ImageRow
{
    /// <summary>Name of the column that holds the class name (Text).</summary>
    public const string LabelColumnName = "Label";

    /// <summary>Name of the column that holds the encoded image bytes (Vector&lt;Byte&gt;).</summary>
    public const string ImageColumnName = "Image";

    /// <summary>The class name; empty when the class is unknown (prediction).</summary>
    public string Label { get; set; } = "";

    /// <summary>The image as an encoded file (PNG, BMP, JPEG, ...).</summary>
    public byte[] Image { get; set; } = [];
}

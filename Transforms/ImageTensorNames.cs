namespace MlNetCnn.Transforms;

/// <summary>
/// The fixed names that the saved form of <see cref="ImageTensorTransformer"/> depends on: internal
/// column names and <c>CustomMapping</c> contract names. A saved model records them, so changing one
/// breaks every model saved before; they live here, and only here.
/// </summary>
internal static class ImageTensorNames
{
    /// <summary>The user's image column, copied under a fixed name that the decode mappings read.</summary>
    public const string SourceColumn = "MlNetCnn.ImageSource";

    /// <summary>The constant text column that carries the image settings through the data.</summary>
    public const string SettingsColumn = "MlNetCnn.ImageSettings";

    /// <summary>An empty text column beside a byte input, because <c>Expression</c> cannot read bytes.</summary>
    public const string AnchorColumn = "MlNetCnn.ImageAnchor";

    /// <summary>The decoded CHW pixels as a variable-length vector; also the ONNX reshape graph's input.</summary>
    public const string DecodedPixelsColumn = "MlNetCnn.DecodedPixels";

    /// <summary>Contract of the mapping that decodes an image file named by a path.</summary>
    public const string DecodePathContract = "MlNetCnn.DecodeImagePath";

    /// <summary>Contract of the mapping that decodes encoded image bytes.</summary>
    public const string DecodeBytesContract = "MlNetCnn.DecodeImageBytes";

    /// <summary>Contract of the mapping that puts an empty text anchor beside a byte input.</summary>
    public const string BytesAnchorContract = "MlNetCnn.ImageBytesAnchor";

}

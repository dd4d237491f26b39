using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetCnn.Transforms.Mappings;

/// <summary>Input row of <see cref="ImageBytesAnchorMapping"/>: the encoded image bytes (not read).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageBytesAnchorInput
{
    /// <summary>The bytes of an encoded image file.</summary>
    [ColumnName(ImageTensorNames.SourceColumn)]
    public byte[] ImageBytes { get; set; } = [];
}

/// <summary>Output row of <see cref="ImageBytesAnchorMapping"/>: an empty text.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageBytesAnchorOutput
{
    /// <summary>Always empty; the settings <c>Expression</c> reads it because it cannot read bytes.</summary>
    [ColumnName(ImageTensorNames.AnchorColumn)]
    public string Anchor { get; set; } = "";
}

/// <summary>
/// Stateless <c>CustomMapping</c> that puts an empty text column beside a byte input, so that the
/// settings <c>Expression</c> (which accepts only numbers, booleans and text) has a column to read.
/// Part of the saved-model contract of <see cref="ImageTensorTransformer"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ImageTensorNames.BytesAnchorContract)]
public sealed class ImageBytesAnchorMapping : CustomMappingFactory<ImageBytesAnchorInput, ImageBytesAnchorOutput>
{
    /// <inheritdoc/>
    public override Action<ImageBytesAnchorInput, ImageBytesAnchorOutput> GetMapping() => static (_, output) => output.Anchor = "";
}

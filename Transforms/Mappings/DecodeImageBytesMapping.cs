using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetCnn.Transforms.Mappings;

/// <summary>Input row of <see cref="DecodeImageBytesMapping"/>: the encoded image and the settings text.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageBytesRow
{
    /// <summary>The bytes of an encoded image file.</summary>
    [ColumnName(ImageTensorNames.SourceColumn)]
    public byte[] ImageBytes { get; set; } = [];

    /// <summary>The constant settings text of the chain.</summary>
    [ColumnName(ImageTensorNames.SettingsColumn)]
    public string Settings { get; set; } = "";
}

/// <summary>
/// Stateless <c>CustomMapping</c> that decodes the encoded image bytes of each row. Part of the saved-model
/// contract of <see cref="ImageTensorTransformer"/> (ML.NET finds it by its contract name when loading).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ImageTensorNames.DecodeBytesContract)]
public sealed class DecodeImageBytesMapping : CustomMappingFactory<ImageBytesRow, DecodedPixels>
{
    /// <inheritdoc/>
    public override Action<ImageBytesRow, DecodedPixels> GetMapping() => Map;

    private static void Map(ImageBytesRow input, DecodedPixels output)
    {
        var settings = ImageSettingsText.Parse(input.Settings).Tensor;
        ImageDecoding.DecodeToChw(input.ImageBytes, settings, output.Buffer(settings.Length));
    }
}

using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetCnn.Transforms.Mappings;

/// <summary>Input row of <see cref="DecodeImagePathMapping"/>: the image path and the settings text.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImagePathRow
{
    /// <summary>Path of the image file, absolute or relative to the image folder.</summary>
    [ColumnName(ImageTensorNames.SourceColumn)]
    public string ImagePath { get; set; } = "";

    /// <summary>The constant settings text of the chain.</summary>
    [ColumnName(ImageTensorNames.SettingsColumn)]
    public string Settings { get; set; } = "";
}

/// <summary>
/// Stateless <c>CustomMapping</c> that decodes the image file named in each row. Part of the saved-model
/// contract of <see cref="ImageTensorTransformer"/> (ML.NET finds it by its contract name when loading).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ImageTensorNames.DecodePathContract)]
public sealed class DecodeImagePathMapping : CustomMappingFactory<ImagePathRow, DecodedPixels>
{
    /// <inheritdoc/>
    public override Action<ImagePathRow, DecodedPixels> GetMapping() => Map;

    private static void Map(ImagePathRow input, DecodedPixels output)
    {
        var settings = ImageSettingsText.Parse(input.Settings);
        ImageDecoding.DecodeFileToChw(input.ImagePath, settings.Tensor, output.Buffer(settings.Tensor.Length), settings.ImageFolder);
    }
}

using Microsoft.ML;
using MlNetCnn.Transforms.Mappings;
using static MlNetCnn.Transforms.ImageTensorNames;

namespace MlNetCnn.Transforms;

/// <summary>
/// Builds the chain of ML.NET built-ins that does the work of <see cref="ImageTensorTransformer"/> and is its
/// saved form (ARCHITECTURE.md): copy the image column to a fixed name → constant settings column
/// (<c>Expression</c>) → stateless decode <c>CustomMapping</c> (variable-length pixels) → ONNX reshape to a
/// fixed <c>[C, H, W]</c> → drop the internal columns.
/// </summary>
internal static class ImageTensorChain
{
    /// <summary>Recursion limit of the ONNX protobuf parser; passed because the shorter overloads are ambiguous.</summary>
    private const int OnnxRecursionLimit = 100;

    public static IEstimator<ITransformer> Create(TransformsCatalog catalog, ImageSourceKind kind,
        string outputColumnName, string inputColumnName, ImageTensorSettings settings, string? imageFolder)
    {
        string settingsExpression = $"x : \"{ImageSettingsText.Format(settings, imageFolder)}\"";
        IEstimator<ITransformer> chain = catalog.CopyColumns(SourceColumn, inputColumnName);
        string[] dropped;
        if (kind == ImageSourceKind.Path)
        {
            chain = chain
                .Append(catalog.Expression(SettingsColumn, settingsExpression, SourceColumn))
                .Append(catalog.CustomMapping(new DecodeImagePathMapping().GetMapping(), DecodePathContract));
            dropped = [SourceColumn, SettingsColumn, DecodedPixelsColumn];
        }
        else
        {
            chain = chain
                .Append(catalog.CustomMapping(new ImageBytesAnchorMapping().GetMapping(), BytesAnchorContract))
                .Append(catalog.Expression(SettingsColumn, settingsExpression, AnchorColumn))
                .Append(catalog.CustomMapping(new DecodeImageBytesMapping().GetMapping(), DecodeBytesContract));
            dropped = [SourceColumn, AnchorColumn, SettingsColumn, DecodedPixelsColumn];
        }

        using var reshape = new MemoryStream(ReshapeGraph.Build(outputColumnName, settings.Channels, settings.Height, settings.Width));
        return chain
            .Append(catalog.ApplyOnnxModel([outputColumnName], [DecodedPixelsColumn], reshape,
                shapeDictionary: null, gpuDeviceId: null, fallbackToCpu: false, recursionLimit: OnnxRecursionLimit))
            .Append(catalog.DropColumns(dropped));
    }
}

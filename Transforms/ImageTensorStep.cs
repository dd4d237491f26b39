using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// The image step of a model: how it turns an image into a tensor. Found in a freshly fitted model (an
/// <see cref="ImageTensorTransformer"/>) and in one loaded with <c>mlContext.Model.Load</c>, where the step is a chain of
/// ML.NET built-ins that carries its settings in a constant text column.
/// </summary>
/// <param name="Settings">Target size, colour and resize mode.</param>
/// <param name="ImageFolder">The folder that relative paths are resolved against, or null.</param>
public sealed record ImageTensorStep(ImageTensorSettings Settings, string? ImageFolder)
{
    /// <summary>
    /// Finds the first image step of <paramref name="model"/>, looking inside transformer chains (nested ones included).
    /// </summary>
    /// <param name="model">A fitted or loaded model.</param>
    /// <returns>The step, or null when the model has none.</returns>
    public static ImageTensorStep? Find(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var probe = new MLContext().Data.LoadFromEnumerable(new[] { new ProbeRow() });
        foreach (var transformer in Flatten(model))
        {
            if (transformer is ImageTensorTransformer fitted)
                return new ImageTensorStep(fitted.Settings, fitted.ImageFolder);
            if (ReadSettingsColumn(transformer, probe) is { } text)
            {
                var saved = ImageSettingsText.Parse(text);
                return new ImageTensorStep(saved.Tensor, saved.ImageFolder);
            }
        }
        return null;
    }

    /// <summary>The transformers of <paramref name="model"/> in order, chains opened recursively.</summary>
    private static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is ImageTensorTransformer || model is not IEnumerable<ITransformer> chain)
        {
            yield return model;
            yield break;
        }
        foreach (var inner in chain)
            foreach (var transformer in Flatten(inner))
                yield return transformer;
    }

    /// <summary>
    /// The settings text when <paramref name="transformer"/> is the step's constant-settings <c>Expression</c>: it is the one
    /// transformer that makes the settings column from the (internal) source or anchor column. The expression is constant, so
    /// one probe row of empty text gives the value.
    /// </summary>
    private static string? ReadSettingsColumn(ITransformer transformer, IDataView probe)
    {
        DataViewSchema output;
        try
        {
            output = transformer.GetOutputSchema(probe.Schema);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            return null; // another transformer, which needs columns the probe does not have
        }
        if (output.GetColumnOrNull(ImageTensorNames.SettingsColumn) is not { Type: TextDataViewType })
            return null;
        return transformer.Transform(probe).GetColumn<string>(ImageTensorNames.SettingsColumn).First();
    }

    private sealed class ProbeRow
    {
        [ColumnName(ImageTensorNames.SourceColumn)]
        public string Source { get; set; } = "";

        [ColumnName(ImageTensorNames.AnchorColumn)]
        public string Anchor { get; set; } = "";
    }
}

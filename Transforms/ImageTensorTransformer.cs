using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Transforms;

/// <summary>
/// The fitted image loader: turns an image column (path or bytes) into a known-size
/// <c>Vector&lt;Single, C, H, W&gt;</c> column, CHW, values 0–1.
/// </summary>
/// <remarks>
/// It wraps a chain of ML.NET built-ins and delegates everything to it, saving included: after
/// <c>mlContext.Model.Load</c> the model is that chain (a <c>TransformerChain</c>), which transforms exactly
/// as this object does. The output column's <see cref="VectorDataViewType.Dimensions"/> are C, H, W.
/// </remarks>
public sealed class ImageTensorTransformer : ITransformer, IDisposable
{
    private readonly ITransformer _chain;

    internal ImageTensorTransformer(ITransformer chain, string outputColumnName, string inputColumnName,
        ImageTensorSettings settings, string? imageFolder)
    {
        _chain = chain;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Settings = settings;
        ImageFolder = imageFolder;
    }

    /// <summary>Name of the output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Name of the image column (path or bytes).</summary>
    public string InputColumnName { get; }

    /// <summary>Target size, colour and resize mode.</summary>
    public ImageTensorSettings Settings { get; }

    /// <summary>Width of the output image in pixels.</summary>
    public int ImageWidth => Settings.Width;

    /// <summary>Height of the output image in pixels.</summary>
    public int ImageHeight => Settings.Height;

    /// <summary>Number of channels: 3 for RGB, 1 for grayscale.</summary>
    public int Channels => Settings.Channels;

    /// <summary>RGB or grayscale.</summary>
    public ImageColorMode ColorMode => Settings.ColorMode;

    /// <summary>How an image of another size is brought to the target size.</summary>
    public ImageResizeMode ResizeMode => Settings.ResizeMode;

    /// <summary>Folder that relative paths are resolved against, or null.</summary>
    public string? ImageFolder { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _chain.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _chain.GetRowToRowMapper(inputSchema);

    /// <summary>Transforms the data lazily; an image that cannot be loaded throws <see cref="ImageLoadException"/> when read.</summary>
    /// <param name="input">Data with the image column.</param>
    /// <returns>The data with the output column added.</returns>
    public IDataView Transform(IDataView input) => _chain.Transform(input);

    /// <summary>Releases the ONNX Runtime session of the reshape step.</summary>
    public void Dispose() => (_chain as IDisposable)?.Dispose();

    /// <summary>Saves the inner chain of built-ins, so that the model loads without this type.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_chain).Save(ctx);
}

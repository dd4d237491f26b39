using Microsoft.ML;

namespace MlNetCnn.Transforms;

/// <summary>
/// Loads images from a path column or an encoded-bytes column and turns them into a known-size float
/// vector column in CHW order with values <c>pixel / 255</c>, ready for MlNetCnn's trainers.
/// Create it with <see cref="ImageTensorCatalog.LoadImagesAsTensors(TransformsCatalog, ImageTensorOptions)"/>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ###  Input and output columns
/// | Column | Type | Description |
/// | -- | -- | -- |
/// | input | Text, or vector of Byte (usually variable-size) | image file path, or the bytes of an encoded image |
/// | output | known-size vector of Single, dimensions C, H, W | the image, CHW, values 0–1 |
///
/// ###  Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | No |
/// | Exportable to ONNX | No (the trainer exports the network; images are decoded in .NET) |
///
/// Decoding: see <xref:MlNetCnn.Transforms.ImageDecoding>. The fitted transformer saves as a chain of
/// ML.NET built-ins, so `mlContext.Model.Load` restores it in any process that can load this assembly.
/// ]]></format>
/// </remarks>
public sealed class ImageTensorEstimator : IEstimator<ImageTensorTransformer>
{
    private readonly TransformsCatalog _catalog;
    /// <summary>Chains used only to answer <see cref="GetOutputSchema"/>; each <see cref="Fit"/> builds its own.</summary>
    private readonly Dictionary<ImageSourceKind, IEstimator<ITransformer>> _schemaChains = [];

    internal ImageTensorEstimator(TransformsCatalog catalog, ImageTensorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        Settings = options.Validate();
        _catalog = catalog;
        OutputColumnName = options.OutputColumnName;
        InputColumnName = options.InputColumnName;
        ImageFolder = options.ImageFolder;
    }

    /// <summary>Name of the output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Name of the image column (path or bytes).</summary>
    public string InputColumnName { get; }

    /// <summary>Target size, colour and resize mode.</summary>
    public ImageTensorSettings Settings { get; }

    /// <summary>Folder that relative paths are resolved against, or null.</summary>
    public string? ImageFolder { get; }

    /// <summary>
    /// Checks the image column and builds the transformer; images are decoded lazily, row by row. Each
    /// transformer owns its ONNX Runtime session; dispose it when done.
    /// </summary>
    /// <param name="input">Data with the image column.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or has another type.</exception>
    public ImageTensorTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kind = ImageSourceKinds.Of(input.Schema, InputColumnName);
        var chain = CreateChain(kind).Fit(input);
        return new ImageTensorTransformer(chain, OutputColumnName, InputColumnName, Settings, ImageFolder);
    }

    /// <summary>
    /// The schema after the transform: the input columns plus the output column, a known-size
    /// <c>Vector&lt;Single&gt;</c> of C × H × W values.
    /// </summary>
    /// <param name="inputSchema">The schema of the input data.</param>
    /// <returns>The output schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The image column is missing or has another type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaChainFor(ImageSourceKinds.Of(inputSchema, InputColumnName)).GetOutputSchema(inputSchema);
    }

    private IEstimator<ITransformer> SchemaChainFor(ImageSourceKind kind)
    {
        lock (_schemaChains)
        {
            if (!_schemaChains.TryGetValue(kind, out var chain))
                _schemaChains[kind] = chain = CreateChain(kind);
            return chain;
        }
    }

    private IEstimator<ITransformer> CreateChain(ImageSourceKind kind) =>
        ImageTensorChain.Create(_catalog, kind, OutputColumnName, InputColumnName, Settings, ImageFolder);
}

using MlNetCnn.Models.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// A trained image classifier: adds <c>Score</c> (class probabilities, the class names as slot names) and <c>PredictedLabel</c> (the label's
/// key type and key values), scoring the exported ONNX graph through ONNX Runtime — CUDA when available, else
/// the CPU. Works with <c>Evaluate</c>, <c>Model.Save</c>/<c>Load</c> and <c>PredictionEngine</c>; its saved form
/// is a chain of ML.NET built-ins, so a saved model reloads in a fresh process with no other file. To score many images
/// fast, use <see cref="ScoringCatalog.CreateImageClassifierScorer"/>.
/// </summary>
public sealed class ImageClassificationTransformer : ITransformer
{
    private readonly ITransformer _chain;
    private readonly byte[] _onnxModel;

    internal ImageClassificationTransformer(ITransformer chain, byte[] onnxModel, TrainedModelInfo info)
    {
        _chain = chain;
        _onnxModel = onnxModel;
        Info = info;
    }

    /// <summary>What was trained, where, and how it went.</summary>
    public TrainedModelInfo Info { get; }

    /// <summary>Class names in key order (the label's key values).</summary>
    public IReadOnlyList<string> ClassNames => Info.ClassNames;

    /// <summary>The device training ran on, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    public string TrainingDevice => Info.TrainingDevice;

    /// <summary>The device ONNX Runtime scores on, with the reason when CUDA is not used.</summary>
    public string ScoringDevice => Info.ScoringDevice;

    /// <summary>Per-epoch training history.</summary>
    public IReadOnlyList<EpochMetrics> History => Info.History;

    /// <summary>
    /// The scoring graph: input named after the image column, <c>[batch, C, H, W]</c> pixels in 0–1;
    /// outputs the probabilities (named after the score column) and the predicted class name.
    /// </summary>
    public ReadOnlyMemory<byte> OnnxModel => _onnxModel;

    /// <summary>Writes <see cref="OnnxModel"/> to a file, atomically (a temporary file, then a rename).</summary>
    public void SaveOnnx(string path) => AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, _onnxModel));

    /// <inheritdoc />
    public bool IsRowToRowMapper => _chain.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _chain.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _chain.Transform(input);

    /// <summary>Saves the built-in chain this model scores with (ML.NET calls it through <c>Model.Save</c>).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _chain.Save(ctx);
}

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// What <see cref="ScoringCatalog.ExportToTriton(Microsoft.ML.ModelOperationsCatalog, string, string, TritonExportOptions?)"/>
/// wrote: one model folder of a Triton model repository.
/// </summary>
/// <param name="ModelName">The model's name in the repository.</param>
/// <param name="ModelFolder">The model folder: <c>REPOSITORY/NAME</c>.</param>
/// <param name="MaxBatchSize">The configuration's <c>max_batch_size</c>.</param>
/// <param name="InstanceKind">Where Triton runs the model.</param>
/// <param name="Inputs">The configuration's inputs (the image tensor).</param>
/// <param name="Outputs">The configuration's outputs (the class probabilities, with <c>labels.txt</c>).</param>
/// <param name="ClassNames">The class names, in the order of the score output (the lines of <c>labels.txt</c>).</param>
public sealed record TritonExport(string ModelName, string ModelFolder, int MaxBatchSize, TritonInstanceKind InstanceKind,
    IReadOnlyList<TritonTensor> Inputs, IReadOnlyList<TritonTensor> Outputs, IReadOnlyList<string> ClassNames)
{
    /// <summary>The version folder's ONNX graph: <c>NAME/1/model.onnx</c>, the graph the model scores with, byte for byte.</summary>
    public string OnnxFile => Path.Combine(ModelFolder, TritonModelRepository.Version, TritonModelRepository.OnnxFileName);

    /// <summary>The model configuration: <c>NAME/config.pbtxt</c>.</summary>
    public string ConfigFile => Path.Combine(ModelFolder, TritonConfig.FileName);

    /// <summary>The class names, one a line: <c>NAME/labels.txt</c>.</summary>
    public string LabelsFile => Path.Combine(ModelFolder, TritonModelRepository.LabelsFileName);

    /// <summary>The client's instructions (preprocessing, an example request): <c>NAME/README.md</c>.</summary>
    public string ReadmeFile => Path.Combine(ModelFolder, TritonModelRepository.ReadmeFileName);
}

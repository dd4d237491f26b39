namespace MlNetCnn.Trainers.Scoring;

/// <summary>One <c>input</c> or <c>output</c> entry of a Triton <c>config.pbtxt</c>, read from the ONNX graph.</summary>
/// <param name="Name">The ONNX input or output name.</param>
/// <param name="DataType">Triton's data type, e.g. <c>TYPE_FP32</c>.</param>
/// <param name="Dims">The ONNX shape without the batch dimension; -1 for a dimension of variable size.</param>
/// <param name="LabelFile">The class-name file of a score output (Triton's classification extension), or null.</param>
public sealed record TritonTensor(string Name, string DataType, IReadOnlyList<long> Dims, string? LabelFile = null);

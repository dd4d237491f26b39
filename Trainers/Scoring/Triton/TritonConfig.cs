using System.Globalization;
using System.Text;
using Onnx;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// A Triton model configuration for the ONNX Runtime backend, read from the ONNX graph itself — names, data types and
/// shapes as the backend reads them when it loads the model and checks the configuration — and written as
/// <c>config.pbtxt</c> (protobuf text format).
/// </summary>
/// <remarks>
/// The inputs are the graph's inputs that are not initializers (the backend requires exactly those). The outputs are the
/// graph's outputs except the predicted class name: that one is a string tensor of shape <c>[batch]</c>, and the same
/// answer — with top-k and the probabilities — comes from Triton's classification extension on the score output with its
/// <c>labels.txt</c>. The backend accepts a configuration that lists a subset of the model's outputs.
/// </remarks>
/// <param name="Name">The model's name (its folder in the repository).</param>
/// <param name="MaxBatchSize">The largest batch Triton sends.</param>
/// <param name="Inputs">The inputs.</param>
/// <param name="Outputs">The outputs.</param>
/// <param name="InstanceKind">GPU or CPU instances.</param>
/// <param name="MaxQueueDelayMicroseconds">The dynamic batcher's delay; 0 for Triton's default.</param>
internal sealed record TritonConfig(string Name, int MaxBatchSize, IReadOnlyList<TritonTensor> Inputs, IReadOnlyList<TritonTensor> Outputs,
    TritonInstanceKind InstanceKind, int MaxQueueDelayMicroseconds)
{
    /// <summary>The file name of the configuration in the model folder.</summary>
    public const string FileName = "config.pbtxt";

    /// <summary>
    /// The configuration of <paramref name="onnx"/>, served as <paramref name="name"/>; <paramref name="labelFile"/> goes on the
    /// output <paramref name="scoreName"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor's batch dimension is fixed, or its type has no Triton equivalent.</exception>
    public static TritonConfig Read(GraphProto onnx, string scoreName, string name, TritonExportOptions options, string labelFile)
    {
        var initializers = onnx.Initializer.Select(i => i.Name).ToHashSet();
        var inputs = onnx.Input.Where(i => !initializers.Contains(i.Name)).Select(i => Tensor(i, null)).ToArray();
        var outputs = onnx.Output.Where(o => o.Name != FirstSlotMapping.InputColumn)
            .Select(o => Tensor(o, o.Name == scoreName ? labelFile : null)).ToArray();
        return new TritonConfig(name, options.MaxBatchSize, inputs, outputs, options.InstanceKind, options.MaxQueueDelayMicroseconds);
    }

    private static TritonTensor Tensor(ValueInfoProto value, string? labelFile)
    {
        var dims = value.Type.TensorType.Shape.Dim;
        if (dims.Count < 2 || IsFixed(dims[0]))
            throw new InvalidDataException(
                $"The ONNX tensor '{value.Name}' has shape [{string.Join(", ", dims.Select(Text))}]; Triton's batching " +
                "(max_batch_size > 0) needs a dynamic first dimension and at least one more. Export the model again with a " +
                "current MlNetCnn, whose graphs have a dynamic batch.");
        return new TritonTensor(value.Name, TritonDataTypes.Of(value), dims.Skip(1).Select(d => IsFixed(d) ? d.DimValue : -1).ToArray(), labelFile);
    }

    private static bool IsFixed(TensorShapeProto.Types.Dimension dim) => string.IsNullOrEmpty(dim.DimParam) && dim.DimValue > 0;

    private static string Text(TensorShapeProto.Types.Dimension dim) =>
        IsFixed(dim) ? dim.DimValue.ToString(CultureInfo.InvariantCulture) : string.IsNullOrEmpty(dim.DimParam) ? "?" : dim.DimParam;

    /// <summary>The configuration in protobuf text format.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("name: ").AppendLine(Quoted(Name));
        text.AppendLine("backend: \"onnxruntime\"");
        text.Append("max_batch_size: ").AppendLine(MaxBatchSize.ToString(CultureInfo.InvariantCulture));
        AppendTensors(text, "input", Inputs);
        AppendTensors(text, "output", Outputs);
        text.AppendLine("dynamic_batching {");
        if (MaxQueueDelayMicroseconds > 0)
            text.Append("  max_queue_delay_microseconds: ").AppendLine(MaxQueueDelayMicroseconds.ToString(CultureInfo.InvariantCulture));
        text.AppendLine("}");
        text.AppendLine("instance_group [");
        text.AppendLine("  {");
        text.Append("    kind: ").AppendLine(InstanceKind == TritonInstanceKind.Gpu ? "KIND_GPU" : "KIND_CPU");
        text.AppendLine("    count: 1");
        text.AppendLine("  }");
        text.AppendLine("]");
        return text.ToString();
    }

    private static void AppendTensors(StringBuilder text, string field, IReadOnlyList<TritonTensor> tensors)
    {
        text.Append(field).AppendLine(" [");
        for (int i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            text.AppendLine("  {");
            text.Append("    name: ").AppendLine(Quoted(tensor.Name));
            text.Append("    data_type: ").AppendLine(tensor.DataType);
            text.Append("    dims: [ ").Append(string.Join(", ", tensor.Dims.Select(d => d.ToString(CultureInfo.InvariantCulture)))).AppendLine(" ]");
            if (tensor.LabelFile is { } labels)
                text.Append("    label_filename: ").AppendLine(Quoted(labels));
            text.AppendLine(i < tensors.Count - 1 ? "  }," : "  }");
        }
        text.AppendLine("]");
    }

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

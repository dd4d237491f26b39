using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Onnx;

/// <summary>
/// Owns the graph being exported: node and value names, initializers and the opset. Modules are
/// exported through <see cref="Export(nn.Module, string, OnnxValue)"/>, which keeps the state-dict path
/// of the current module so that initializer names equal state-dict keys.
/// </summary>
public sealed class OnnxExportContext
{
    /// <summary>The ONNX opset the exporters write.</summary>
    public const int Opset = 17;

    private readonly List<string> _scope = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    internal OnnxExportContext() { }

    internal List<NodeProto> Nodes { get; } = new();

    internal Dictionary<string, FloatInitializer> FloatInitializers { get; } = new(StringComparer.Ordinal);

    internal List<TensorProto> OtherInitializers { get; } = new();

    /// <summary>
    /// Called for every leaf layer as it is exported, in graph order, with its state-dict path, the layer, its input
    /// and its output shape. The model summary walks networks this way.
    /// </summary>
    internal Action<string, nn.Module, OnnxValue, long[]>? LeafVisited { get; init; }

    /// <summary>The state-dict path of the module being exported (empty at the root).</summary>
    public string Scope => string.Join(".", _scope);

    /// <summary>
    /// Exports <paramref name="module"/>, a child registered under <paramref name="childName"/> in the
    /// current module, and returns its output.
    /// </summary>
    public OnnxValue Export(nn.Module module, string childName, OnnxValue input)
    {
        _scope.Add(childName);
        try { return ExportHere(module, input); }
        finally { _scope.RemoveAt(_scope.Count - 1); }
    }

    /// <summary>Exports <paramref name="module"/> in the current scope (used for the root network).</summary>
    public OnnxValue ExportHere(nn.Module module, OnnxValue input)
    {
        if (module is IOnnxExportable exportable)
            return exportable.ExportOnnx(this, input);
        if (module is TorchSharp.Modules.Sequential sequential)
        {
            OnnxValue value = input;
            foreach (var (name, child) in sequential.named_children())
                value = Export(child, name, value);
            return value;
        }
        if (LayerExporters.TryGet(module.GetType(), out var exporter))
        {
            long[] outputShape = OutputShape(module, input);
            LeafVisited?.Invoke(Scope, module, input, outputShape);
            return exporter(this, module, input, outputShape);
        }
        throw new NotSupportedException(
            $"No ONNX exporter for layer type {module.GetType().Name} at '{Scope}'. Register one in {nameof(LayerExporters)} " +
            $"or implement {nameof(IOnnxExportable)} on the module.");
    }

    /// <summary>Adds a node with one output and returns that output.</summary>
    /// <param name="opType">The ONNX operator.</param>
    /// <param name="inputs">Input value names, in operator order.</param>
    /// <param name="outputShape">The output shape for a batch of one.</param>
    /// <param name="attributes">The node's attributes.</param>
    public OnnxValue AddNode(string opType, IEnumerable<string> inputs, long[] outputShape, params AttributeProto[] attributes)
    {
        string output = UniqueName(_scope.Count == 0 ? opType : Scope);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Nodes.Add(node);
        return new OnnxValue(output, outputShape);
    }

    /// <summary>Adds a float initializer named <c>scope.localName</c> (the state-dict key) from a tensor.</summary>
    public string AddInitializer(string localName, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous().to_type(ScalarType.Float32);
        return AddFloatInitializer(_scope.Count == 0 ? localName : Scope + "." + localName, cpu.shape, cpu.data<float>().ToArray());
    }

    /// <summary>Adds a float constant with the given dimensions and returns its name.</summary>
    public string AddConstant(string hint, long[] dims, float[] values) =>
        AddFloatInitializer(UniqueName(ScopedHint(hint)), dims, values);

    /// <summary>Adds a one-dimensional int64 constant (shapes, axes, split sizes) and returns its name.</summary>
    public string AddConstant(string hint, params long[] values)
    {
        var tensor = new TensorProto { Name = UniqueName(ScopedHint(hint)), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        OtherInitializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a one-dimensional string constant and returns its name.</summary>
    public string AddConstant(string hint, IReadOnlyList<string> values)
    {
        var tensor = new TensorProto { Name = UniqueName(ScopedHint(hint)), DataType = (int)TensorProto.Types.DataType.String };
        tensor.Dims.Add(values.Count);
        tensor.StringData.AddRange(values.Select(Google.Protobuf.ByteString.CopyFromUtf8));
        OtherInitializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Element-wise sum of two values of the same shape (residual connections).</summary>
    public OnnxValue Add(OnnxValue a, OnnxValue b) => AddNode("Add", new[] { a.Name, b.Name }, a.Shape);

    /// <summary>Element-wise product with broadcasting of <paramref name="b"/> (squeeze-excitation scaling).</summary>
    public OnnxValue Mul(OnnxValue a, OnnxValue b) => AddNode("Mul", new[] { a.Name, b.Name }, a.Shape);

    /// <summary>ReLU of a value.</summary>
    public OnnxValue Relu(OnnxValue x) => AddNode("Relu", new[] { x.Name }, x.Shape);

    /// <summary>Concatenation along the channel axis.</summary>
    public OnnxValue ConcatChannels(IReadOnlyList<OnnxValue> values)
    {
        long[] shape = (long[])values[0].Shape.Clone();
        shape[1] = values.Sum(v => v.Channels);
        return AddNode("Concat", values.Select(v => v.Name), shape, OnnxAttributes.Int("axis", 1));
    }

    /// <summary>Splits a value along the channel axis into pieces of the given sizes.</summary>
    public IReadOnlyList<OnnxValue> SplitChannels(OnnxValue x, IReadOnlyList<long> sizes)
    {
        string split = AddConstant("split", sizes.ToArray());
        var node = new NodeProto { OpType = "Split", Name = UniqueName(Scope + "/Split") };
        node.Input.Add(x.Name);
        node.Input.Add(split);
        node.Attribute.Add(OnnxAttributes.Int("axis", 1));
        var outputs = new List<OnnxValue>();
        foreach (long size in sizes)
        {
            string name = UniqueName(Scope + "/split");
            node.Output.Add(name);
            long[] shape = (long[])x.Shape.Clone();
            shape[1] = size;
            outputs.Add(new OnnxValue(name, shape));
        }
        Nodes.Add(node);
        return outputs;
    }

    /// <summary>A name not used yet in the graph, derived from <paramref name="hint"/>.</summary>
    public string UniqueName(string hint)
    {
        string name = hint;
        for (int i = 1; !_names.Add(name); i++) name = $"{hint}_{i}";
        return name;
    }

    private string ScopedHint(string hint) => _scope.Count == 0 ? hint : Scope + "/" + hint;

    private string AddFloatInitializer(string name, long[] dims, float[] values)
    {
        _names.Add(name);
        FloatInitializers.Add(name, new FloatInitializer(dims, values));
        return name;
    }

    /// <summary>The exact output shape of a leaf layer, by running it on zeros (batch of one, no gradient).</summary>
    private static long[] OutputShape(nn.Module module, OnnxValue input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var forward = (nn.Module<Tensor, Tensor>)module;
        var parameter = module.parameters().FirstOrDefault();
        var device = parameter?.device ?? CPU;
        return forward.forward(zeros(input.Shape, device: device)).shape;
    }
}

/// <summary>A float initializer kept as an array until the graph is written, so graph passes can rewrite it.</summary>
internal sealed record FloatInitializer(long[] Dims, float[] Values);

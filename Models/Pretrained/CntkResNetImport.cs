using System.Runtime.InteropServices;
using MlNetCnn.Models.Weights;
using Onnx;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Pretrained;

/// <summary>
/// Reads the ImageNet ResNet of <c>ResNet18.onnx</c> (CNTK 2.6, opset 8, BatchNorm not folded) into a state dict with
/// torchvision's ResNet keys. The initializers carry CNTK's names (<c>Parameter91</c>, <c>Constant98</c>), so each one's key
/// is found by walking the graph back from every residual <c>Add</c>: the branch <c>Conv–BN–Relu–Conv–BN</c> is the block's
/// <c>conv1/bn1/conv2/bn2</c>, the other input its shortcut (a <c>Conv–BN</c> there is <c>downsample.0/.1</c> and opens a new
/// stage), and behind the first block's input lie the stem's max-pool, <c>bn1</c> and <c>conv1</c>. The stem convolution's
/// input channels are reversed, so that the converted network takes RGB where the ONNX model takes BGR.
/// </summary>
internal static class CntkResNetImport
{
    /// <summary>torch's BatchNorm epsilon, which the converted network uses: every BatchNormalization node must have it.</summary>
    private const float Epsilon = 1e-5f;

    /// <summary>Converts the model at <paramref name="onnxPath"/>; the returned source owns its tensors.</summary>
    /// <param name="onnxPath">The file <c>ResNet18.onnx</c>.</param>
    /// <param name="rgbInputScale">
    /// Null (default): the converted network takes what the ONNX model takes, in RGB order (0–255 minus the mean). Else one
    /// factor per RGB channel by which the stem convolution's weights are multiplied (it has no bias: BatchNorm follows), so
    /// that the network takes its input divided by those factors — the same function, better scaled for training.
    /// </param>
    /// <exception cref="InvalidDataException">The graph is not a ResNet of basic blocks as CNTK exports it; the message names the node.</exception>
    public static TensorDictionarySource Open(string onnxPath, float[]? rgbInputScale = null)
    {
        if (rgbInputScale is { Length: not 3 })
            throw new ArgumentException($"rgbInputScale needs one factor per RGB channel; got {rgbInputScale.Length}.", nameof(rgbInputScale));
        var graph = ReadGraph(onnxPath);
        var keys = MapKeys(graph, onnxPath);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var initializer in graph.Initializer)
            {
                string key = keys[initializer.Name];
                var value = ToTensor(initializer, onnxPath);
                tensors[key] = key == "conv1.weight" ? ScaleInputChannels(FlipInputChannels(value), rgbInputScale) : value;
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return new TensorDictionarySource($"{onnxPath} (from {OfflineWeights.ResNet18OnnxPackage}, converted)", tensors, ownsTensors: true);
    }

    /// <summary>Parses the ONNX model at <paramref name="onnxPath"/> and returns its graph.</summary>
    public static GraphProto ReadGraph(string onnxPath)
    {
        using var stream = File.OpenRead(onnxPath);
        return ModelProto.Parser.ParseFrom(stream).Graph;
    }

    /// <summary>The state-dict key of every initializer of <paramref name="graph"/>, by initializer name.</summary>
    /// <param name="graph">The graph of <c>ResNet18.onnx</c>.</param>
    /// <param name="file">The file, for messages.</param>
    /// <exception cref="InvalidDataException">A node is not where a ResNet of basic blocks has it, or an initializer is left over or used twice.</exception>
    public static IReadOnlyDictionary<string, string> MapKeys(GraphProto graph, string file)
    {
        var walk = new GraphWalk(graph, file);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        int stage = 1, block = -1;
        string? firstBlockInput = null;
        foreach (var add in graph.Node.Where(n => n.OpType == "Add"))
        {
            var (main, shortcut) = walk.SplitBlock(add);
            var second = walk.ConvBn(main);
            var relu = walk.Producer(second.Conv.Input[0], "Relu", second.Conv);
            var first = walk.ConvBn(relu.Input[0]);
            string input = first.Conv.Input[0];
            firstBlockInput ??= input;
            bool projected = walk.TryConvBn(shortcut, out var downsample);
            if (projected) (stage, block) = (stage + 1, 0);
            else block++;
            string prefix = $"layer{stage}.{block}.";
            if (projected ? downsample.Conv.Input[0] != input : shortcut != input)
                throw walk.Error(add, $"its shortcut to come from the block's input '{input}'", $"'{shortcut}'");
            walk.Assign(keys, first, prefix + "conv1", prefix + "bn1");
            walk.Assign(keys, second, prefix + "conv2", prefix + "bn2");
            if (projected) walk.Assign(keys, downsample, prefix + "downsample.0", prefix + "downsample.1");
        }
        if (firstBlockInput is null)
            throw new InvalidDataException($"{file}: expected residual Add nodes (a ResNet); found none.");

        var pool = walk.Producer(firstBlockInput, "MaxPool", null);
        var stemRelu = walk.Producer(pool.Input[0], "Relu", pool);
        var stem = walk.ConvBn(stemRelu.Input[0]);
        string graphInput = graph.Input.First(i => graph.Initializer.All(t => t.Name != i.Name)).Name;
        if (stem.Conv.Input[0] != graphInput)
            throw walk.Error(stem.Conv, $"the graph input '{graphInput}' as the stem convolution's input", $"'{stem.Conv.Input[0]}'");
        walk.Assign(keys, stem, "conv1", "bn1");

        var unused = graph.Initializer.Select(t => t.Name).Where(n => !keys.ContainsKey(n)).ToList();
        if (unused.Count > 0)
            throw new InvalidDataException($"{file}: expected every initializer to be a convolution or BatchNorm tensor of the ResNet; " +
                                           $"{unused.Count} are not: {string.Join(", ", unused)}.");
        return keys;
    }

    /// <summary>The values of a float initializer (raw little-endian data or <c>float_data</c>), checked against its shape.</summary>
    /// <exception cref="InvalidDataException">Not float32, or not as many values as its shape has elements.</exception>
    public static float[] ReadFloats(TensorProto initializer, string file)
    {
        if (initializer.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"{file}: initializer '{initializer.Name}': expected float32 (data type 1); found data type {initializer.DataType}.");
        float[] values = initializer.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(initializer.RawData.Span).ToArray()
            : initializer.FloatData.ToArray();
        long expected = initializer.Dims.Aggregate(1L, (a, b) => a * b);
        if (values.Length != expected)
            throw new InvalidDataException($"{file}: initializer '{initializer.Name}': expected {expected} values for shape [{string.Join(", ", initializer.Dims)}]; found {values.Length}.");
        return values;
    }

    private static Tensor ToTensor(TensorProto initializer, string file) => tensor(ReadFloats(initializer, file), initializer.Dims.ToArray());

    /// <summary>Reverses dimension 1 (input channels) of a convolution weight: BGR to RGB; disposes <paramref name="weight"/>.</summary>
    private static Tensor FlipInputChannels(Tensor weight)
    {
        using (weight) return weight.flip(1);
    }

    /// <summary>Multiplies input channel c of a convolution's weight by <paramref name="scale"/>[c]; none for null.</summary>
    private static Tensor ScaleInputChannels(Tensor weight, float[]? scale)
    {
        if (scale is null) return weight;
        using (weight)
        using (var factors = tensor(scale, [1, scale.Length, 1, 1], dtype: weight.dtype))
            return weight.mul(factors);
    }

    /// <summary>A convolution and the BatchNorm that follows it.</summary>
    private readonly record struct ConvBnPair(NodeProto Conv, NodeProto Bn);

    /// <summary>Looks nodes up by the tensor they produce and checks that each is what a ResNet has there.</summary>
    private sealed class GraphWalk(GraphProto graph, string file)
    {
        private readonly Dictionary<string, NodeProto> _producers =
            graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node, StringComparer.Ordinal);

        private readonly HashSet<string> _initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        /// <summary>The node producing <paramref name="value"/>, which must be a <paramref name="opType"/> node.</summary>
        public NodeProto Producer(string value, string opType, NodeProto? consumer) =>
            _producers.TryGetValue(value, out var node) && node.OpType == opType
                ? node
                : throw new InvalidDataException($"{file}: expected '{value}'{(consumer is null ? "" : $" (input of {Describe(consumer)})")} " +
                                                 $"to come from a {opType} node; it comes from {(node is null ? "no node" : Describe(node))}.");

        /// <summary>The Conv–BatchNormalization pair ending in <paramref name="value"/>.</summary>
        public ConvBnPair ConvBn(string value)
        {
            var bn = Producer(value, "BatchNormalization", null);
            return new ConvBnPair(Producer(bn.Input[0], "Conv", bn), bn);
        }

        /// <summary>True when <paramref name="value"/> comes from a Conv–BatchNormalization pair (a projected shortcut).</summary>
        public bool TryConvBn(string value, out ConvBnPair pair)
        {
            pair = default;
            if (!Is(value, "BatchNormalization", out var bn) || !Is(bn.Input[0], "Conv", out var conv)) return false;
            pair = new ConvBnPair(conv, bn);
            return true;
        }

        /// <summary>
        /// The residual branch (<c>Conv–BN–Relu–Conv–BN</c>, ending in a BatchNormalization whose convolution reads a Relu of a
        /// BatchNormalization) and the shortcut of a block's <paramref name="add"/>.
        /// </summary>
        public (string Main, string Shortcut) SplitBlock(NodeProto add)
        {
            if (add.Input.Count != 2) throw Error(add, "two inputs", $"{add.Input.Count}");
            bool IsMain(string value) =>
                TryConvBn(value, out var last) && Is(last.Conv.Input[0], "Relu", out var relu) && Is(relu.Input[0], "BatchNormalization", out _);
            return (IsMain(add.Input[0]), IsMain(add.Input[1])) switch
            {
                (true, false) => (add.Input[0], add.Input[1]),
                (false, true) => (add.Input[1], add.Input[0]),
                _ => throw Error(add, "exactly one input to be a basic block's Conv–BN–Relu–Conv–BN branch", "both or neither"),
            };
        }

        /// <summary>Gives the convolution's weight and the BatchNorm's four tensors their keys under the two prefixes.</summary>
        public void Assign(Dictionary<string, string> keys, ConvBnPair pair, string convPrefix, string bnPrefix)
        {
            var (conv, bn) = pair;
            if (conv.Input.Count != 2) throw Error(conv, "a weight and no bias (the BatchNorm after it has one)", $"{conv.Input.Count - 1} parameter inputs");
            if (bn.Input.Count != 5) throw Error(bn, "5 inputs (X, scale, B, mean, var)", $"{bn.Input.Count}");
            var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? Epsilon;
            if (Math.Abs(epsilon - Epsilon) > 1e-9f) throw Error(bn, $"epsilon {Epsilon}", $"{epsilon}");
            AssignOne(keys, conv, conv.Input[1], convPrefix + ".weight");
            string[] bnKeys = { "weight", "bias", "running_mean", "running_var" };
            for (int i = 0; i < bnKeys.Length; i++) AssignOne(keys, bn, bn.Input[i + 1], $"{bnPrefix}.{bnKeys[i]}");
        }

        /// <summary>An error about <paramref name="node"/>: what was expected there and what was found.</summary>
        public InvalidDataException Error(NodeProto node, string expected, string found) =>
            new($"{file}: {Describe(node)}: expected {expected}; found {found}.");

        private void AssignOne(Dictionary<string, string> keys, NodeProto node, string initializer, string key)
        {
            if (!_initializers.Contains(initializer)) throw Error(node, $"an initializer for {key}", $"'{initializer}', which is computed");
            if (!keys.TryAdd(initializer, key)) throw Error(node, $"initializer '{initializer}' used once", $"it as both {keys[initializer]} and {key}");
        }

        private bool Is(string value, string opType, out NodeProto node) =>
            _producers.TryGetValue(value, out node!) && node.OpType == opType;

        private static string Describe(NodeProto node) => $"{node.OpType} node '{(node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault())}'";
    }
}

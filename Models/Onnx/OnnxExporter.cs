using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static MlNetCnn.Models.Onnx.OnnxAttributes;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Onnx;

/// <summary>
/// Exports TorchSharp networks to ONNX (opset <see cref="OnnxExportContext.Opset"/>, dynamic batch dimension).
/// TorchSharp has no exporter of its own; each layer type has one in <see cref="LayerExporters"/> and each
/// composite block describes its graph through <see cref="IOnnxExportable"/>.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The name of the dynamic batch dimension in exported graphs.</summary>
    public const string BatchDimension = "batch";

    /// <summary>
    /// The bare network: one input <c>input</c> <c>[batch, C, H, W]</c> float32 (already normalised) and one
    /// output <c>logits</c> <c>[batch, K]</c>; no normalisation, no softmax.
    /// </summary>
    public static byte[] ExportBare(nn.Module<Tensor, Tensor> network, int channels, int height, int width, bool foldBatchNorm = true) =>
        Export(network, "input", new long[] { 1, channels, height, width }, foldBatchNorm, (context, input) =>
        {
            var logits = context.ExportHere(network, input);
            return new[] { Rename(context, logits, "logits") };
        });

    /// <summary>
    /// The graph MlNetCnn scores with: per-channel normalisation in front of the network, then softmax
    /// probabilities and the class name at the arg-max.
    /// </summary>
    public static byte[] ExportScoring(nn.Module<Tensor, Tensor> network, ScoringGraphSpec spec, bool foldBatchNorm = true)
    {
        spec.Validate();
        return Export(network, spec.InputName, new long[] { 1, spec.Channels, spec.Height, spec.Width }, foldBatchNorm, (context, input) =>
        {
            long[] channelShape = { 1, spec.Channels, 1, 1 };
            float[] scale = spec.Std.Select(s => 1f / s).ToArray();
            float[] shift = spec.Mean.Select((m, i) => -m / spec.Std[i]).ToArray();
            var scaled = context.AddNode("Mul", new[] { input.Name, context.AddConstant("normalize_scale", channelShape, scale) }, input.Shape);
            var normalized = context.AddNode("Add", new[] { scaled.Name, context.AddConstant("normalize_shift", channelShape, shift) }, input.Shape);
            var logits = spec.FlipAveraging ? FlipAveraged(context, network, normalized) : context.ExportHere(network, normalized);
            if (logits.Shape.Length != 2 || logits.Shape[1] != spec.ClassNames.Count)
                throw new InvalidOperationException(
                    $"The network outputs [{string.Join(", ", logits.Shape)}] per image but {spec.ClassNames.Count} class names were given.");
            var score = Rename(context, context.AddNode("Softmax", new[] { logits.Name }, logits.Shape, Int("axis", 1)), spec.ScoreName);
            var index = context.AddNode("ArgMax", new[] { logits.Name }, new long[] { 1 }, Int("axis", 1), Int("keepdims", 0));
            var label = context.AddNode("Gather", new[] { context.AddConstant("class_names", spec.ClassNames), index.Name }, new long[] { 1 });
            return new[] { score, Rename(context, label, spec.PredictedClassName) };
        }, outputType: name => name == spec.PredictedClassName ? TensorProto.Types.DataType.String : TensorProto.Types.DataType.Float);
    }

    /// <summary>
    /// The mean of the network's logits for the images and for their left–right mirror images: one pass over the batch of
    /// both (<c>[2N, C, H, W]</c>), then the two halves averaged.
    /// </summary>
    private static OnnxValue FlipAveraged(OnnxExportContext context, nn.Module<Tensor, Tensor> network, OnnxValue images)
    {
        var flipped = context.AddNode("Slice", new[]
        {
            images.Name, context.AddConstant("flip_starts", -1), context.AddConstant("flip_ends", long.MinValue),
            context.AddConstant("flip_axes", 3), context.AddConstant("flip_steps", -1),
        }, images.Shape);
        // Shapes are tracked per image, so the doubled batch keeps the input's tracked shape.
        var both = context.AddNode("Concat", new[] { images.Name, flipped.Name }, images.Shape, Int("axis", 0));
        var logits = context.ExportHere(network, both);
        long classes = logits.Shape[^1];
        var halves = context.AddNode("Reshape", new[] { logits.Name, context.AddConstant("flip_halves", 2, -1, classes) }, new long[] { 2, 1, classes });
        return context.AddNode("ReduceMean", new[] { halves.Name }, logits.Shape, Ints("axes", new long[] { 0 }), Int("keepdims", 0));
    }

    private static byte[] Export(nn.Module<Tensor, Tensor> network, string inputName, long[] inputShape, bool foldBatchNorm,
        Func<OnnxExportContext, OnnxValue, OnnxValue[]> build, Func<string, TensorProto.Types.DataType>? outputType = null)
    {
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            var context = new OnnxExportContext();
            context.UniqueName(inputName);
            var outputs = build(context, new OnnxValue(inputName, inputShape));
            var outputNames = outputs.Select(o => o.Name).ToHashSet();
            if (foldBatchNorm) BatchNormFolding.Apply(context, outputNames);

            var graph = new GraphProto { Name = network.GetName() };
            graph.Input.Add(ValueInfo(inputName, TensorProto.Types.DataType.Float, inputShape));
            foreach (var output in outputs)
                graph.Output.Add(ValueInfo(output.Name, outputType?.Invoke(output.Name) ?? TensorProto.Types.DataType.Float, output.Shape));
            graph.Node.AddRange(context.Nodes);
            foreach (var (name, initializer) in context.FloatInitializers)
                graph.Initializer.Add(FloatTensor(name, initializer));
            graph.Initializer.AddRange(context.OtherInitializers);

            var model = new ModelProto { IrVersion = 8, ProducerName = "MlNetCnn", ProducerVersion = "1", Graph = graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExportContext.Opset });
            return model.ToByteArray();
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    /// <summary>Gives a graph output its public name (the producing node writes it directly).</summary>
    private static OnnxValue Rename(OnnxExportContext context, OnnxValue value, string name)
    {
        var producer = context.Nodes.LastOrDefault(n => n.Output.Contains(value.Name))
            ?? throw new InvalidOperationException($"The graph output '{name}' is the graph input itself; the network added no operator.");
        context.UniqueName(name);
        for (int i = 0; i < producer.Output.Count; i++)
            if (producer.Output[i] == value.Name) producer.Output[i] = name;
        foreach (var node in context.Nodes)
            for (int i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == value.Name) node.Input[i] = name;
        return value with { Name = name };
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        for (int i = 0; i < shape.Length; i++)
            tensorShape.Dim.Add(i == 0
                ? new TensorShapeProto.Types.Dimension { DimParam = BatchDimension }
                : new TensorShapeProto.Types.Dimension { DimValue = shape[i] });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }

    private static TensorProto FloatTensor(string name, FloatInitializer initializer)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(initializer.Dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(initializer.Values.AsSpan()));
        return tensor;
    }
}

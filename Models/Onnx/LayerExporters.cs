using TorchSharp;
using TorchSharp.Modules;
using static MlNetCnn.Models.Onnx.OnnxAttributes;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Onnx;

/// <summary>Writes one leaf layer: adds its nodes and returns its output, whose shape is given.</summary>
public delegate OnnxValue LayerExporter(OnnxExportContext context, nn.Module layer, OnnxValue input, long[] outputShape);

/// <summary>
/// The registry of leaf-layer exporters, one per TorchSharp layer type. Composite modules do not
/// appear here: they implement <see cref="IOnnxExportable"/> next to their <c>forward</c>.
/// </summary>
public static class LayerExporters
{
    private static readonly Dictionary<Type, LayerExporter> Exporters = new()
    {
        [typeof(Conv2d)] = (c, l, x, s) => Conv(c, (Conv2d)l, x, s),
        [typeof(BatchNorm2d)] = (c, l, x, s) => BatchNorm(c, (BatchNorm2d)l, x, s),
        [typeof(Linear)] = (c, l, x, s) => Gemm(c, (Linear)l, x, s),
        [typeof(ReLU)] = (c, _, x, s) => c.AddNode("Relu", new[] { x.Name }, s),
        [typeof(Sigmoid)] = (c, _, x, s) => c.AddNode("Sigmoid", new[] { x.Name }, s),
        [typeof(Tanh)] = (c, _, x, s) => c.AddNode("Tanh", new[] { x.Name }, s),
        [typeof(ReLU6)] = (c, _, x, s) => Clip(c, x, s, 0f, 6f),
        [typeof(Hardtanh)] = (c, l, x, s) => Clip(c, x, s, (float)((Hardtanh)l).min_val, (float)((Hardtanh)l).max_val),
        [typeof(Identity)] = (_, _, x, _) => x,
        [typeof(Dropout)] = (_, _, x, _) => x,
        [typeof(Dropout2d)] = (_, _, x, _) => x,
        [typeof(Flatten)] = (c, l, x, s) => Flatten(c, (Flatten)l, x, s),
        [typeof(MaxPool2d)] = (c, l, x, s) => MaxPool(c, (MaxPool2d)l, x, s),
        [typeof(AvgPool2d)] = (c, l, x, s) => AvgPool(c, (AvgPool2d)l, x, s),
        [typeof(AdaptiveAvgPool2d)] = (c, l, x, s) => AdaptiveAvgPool(c, (AdaptiveAvgPool2d)l, x, s),
    };

    /// <summary>Finds the exporter of a layer type.</summary>
    public static bool TryGet(Type layerType, out LayerExporter exporter) => Exporters.TryGetValue(layerType, out exporter!);

    /// <summary>Registers the exporter of a layer type; a type can be registered only once.</summary>
    public static void Register(Type layerType, LayerExporter exporter)
    {
        if (!Exporters.TryAdd(layerType, exporter))
            throw new InvalidOperationException($"An ONNX exporter for {layerType.Name} is registered already.");
    }

    private static OnnxValue Conv(OnnxExportContext c, Conv2d conv, OnnxValue x, long[] shape)
    {
        if (conv.padding_mode != PaddingModes.Zeros)
            throw new NotSupportedException($"Conv2d at '{c.Scope}': only zero padding exports to ONNX, found {conv.padding_mode}.");
        long[] padding = conv.padding_type == Padding.Same ? SamePadding(conv) : conv.padding_type == Padding.Valid ? new long[2] : conv.padding ?? new long[2];
        var inputs = new List<string> { x.Name, c.AddInitializer("weight", conv.weight) };
        if (conv.bias is not null) inputs.Add(c.AddInitializer("bias", conv.bias));
        return c.AddNode("Conv", inputs, shape,
            Ints("kernel_shape", conv.kernel_size), Ints("strides", conv.stride), Ints("dilations", conv.dilation),
            Ints("pads", Pads(padding)), Int("group", conv.groups));
    }

    private static OnnxValue BatchNorm(OnnxExportContext c, BatchNorm2d bn, OnnxValue x, long[] shape)
    {
        if (bn.running_mean is null || bn.running_var is null)
            throw new NotSupportedException($"BatchNorm2d at '{c.Scope}' tracks no running statistics, so it has no inference form.");
        long n = bn.num_features;
        string scale = bn.weight is not null ? c.AddInitializer("weight", bn.weight) : c.AddConstant("weight", new[] { n }, Filled(n, 1f));
        string bias = bn.bias is not null ? c.AddInitializer("bias", bn.bias) : c.AddConstant("bias", new[] { n }, Filled(n, 0f));
        return c.AddNode("BatchNormalization",
            new[] { x.Name, scale, bias, c.AddInitializer("running_mean", bn.running_mean), c.AddInitializer("running_var", bn.running_var) },
            shape, Float("epsilon", (float)bn.eps));
    }

    private static OnnxValue Gemm(OnnxExportContext c, Linear linear, OnnxValue x, long[] shape)
    {
        if (x.Shape.Length != 2)
            throw new NotSupportedException($"Linear at '{c.Scope}' receives a rank-{x.Shape.Length} input; flatten it first.");
        var inputs = new List<string> { x.Name, c.AddInitializer("weight", linear.weight) };
        if (linear.bias is not null) inputs.Add(c.AddInitializer("bias", linear.bias));
        return c.AddNode("Gemm", inputs, shape, Int("transB", 1));
    }

    private static OnnxValue Clip(OnnxExportContext c, OnnxValue x, long[] shape, float min, float max) =>
        c.AddNode("Clip", new[] { x.Name, c.AddConstant("min", Array.Empty<long>(), new[] { min }), c.AddConstant("max", Array.Empty<long>(), new[] { max }) }, shape);

    private static OnnxValue Flatten(OnnxExportContext c, Flatten flatten, OnnxValue x, long[] shape)
    {
        long end = flatten.end_dim < 0 ? flatten.end_dim + x.Shape.Length : flatten.end_dim;
        if (end == x.Shape.Length - 1)
            return c.AddNode("Flatten", new[] { x.Name }, shape, Int("axis", flatten.start_dim));
        long[] target = shape.Select((d, i) => i == 0 ? 0L : d).ToArray(); // 0 copies the (dynamic) batch dimension
        return c.AddNode("Reshape", new[] { x.Name, c.AddConstant("shape", target) }, shape);
    }

    private static OnnxValue MaxPool(OnnxExportContext c, MaxPool2d pool, OnnxValue x, long[] shape) =>
        c.AddNode("MaxPool", new[] { x.Name }, shape,
            Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size),
            Ints("pads", Pads(pool.padding ?? new long[2])), Ints("dilations", pool.dilation ?? new long[] { 1, 1 }),
            Int("ceil_mode", pool.ceil_mode ? 1 : 0));

    private static OnnxValue AvgPool(OnnxExportContext c, AvgPool2d pool, OnnxValue x, long[] shape)
    {
        if (pool.divisor_override is not null)
            throw new NotSupportedException($"AvgPool2d at '{c.Scope}': divisor_override has no ONNX equivalent.");
        // PyTorch counts the padding in the average by default; ONNX does not unless asked.
        return c.AddNode("AveragePool", new[] { x.Name }, shape,
            Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size),
            Ints("pads", Pads(pool.padding ?? new long[2])), Int("ceil_mode", pool.ceil_mode ? 1 : 0),
            Int("count_include_pad", pool.count_include_pad ? 1 : 0));
    }

    /// <summary>
    /// Adaptive pooling has no ONNX operator. With the export's fixed input size it is a global pool
    /// (output 1×1), nothing (output equals input), an ordinary pool (input divisible by output), or
    /// otherwise — bins that overlap or repeat, e.g. AlexNet's 1×1 map pooled to 6×6 — two matrix products
    /// <c>P_h · x · P_wᵀ</c>, where row <c>i</c> of <c>P</c> averages PyTorch's bin
    /// <c>[⌊i·in/out⌋, ⌈(i+1)·in/out⌉)</c>.
    /// </summary>
    private static OnnxValue AdaptiveAvgPool(OnnxExportContext c, AdaptiveAvgPool2d pool, OnnxValue x, long[] shape)
    {
        long outH = shape[2], outW = shape[3];
        if (outH == 1 && outW == 1)
            return c.AddNode("GlobalAveragePool", new[] { x.Name }, shape);
        if (outH == x.Height && outW == x.Width)
            return x;
        if (x.Height % outH == 0 && x.Width % outW == 0)
        {
            long[] kernel = { x.Height / outH, x.Width / outW };
            return c.AddNode("AveragePool", new[] { x.Name }, shape, Ints("kernel_shape", kernel), Ints("strides", kernel));
        }
        string rows = c.AddConstant("pool_rows", new[] { outH, x.Height }, AdaptivePoolMatrix(x.Height, outH, transpose: false));
        string columns = c.AddConstant("pool_columns", new[] { x.Width, outW }, AdaptivePoolMatrix(x.Width, outW, transpose: true));
        var pooledColumns = c.AddNode("MatMul", new[] { x.Name, columns }, new[] { x.Shape[0], x.Channels, x.Height, outW });
        return c.AddNode("MatMul", new[] { rows, pooledColumns.Name }, shape);
    }

    /// <summary>The <c>[output, input]</c> averaging matrix of adaptive pooling along one axis (or its transpose).</summary>
    private static float[] AdaptivePoolMatrix(long input, long output, bool transpose)
    {
        var matrix = new float[input * output];
        for (long i = 0; i < output; i++)
        {
            long start = i * input / output, end = ((i + 1) * input + output - 1) / output;
            for (long j = start; j < end; j++)
                matrix[transpose ? j * output + i : i * input + j] = 1f / (end - start);
        }
        return matrix;
    }

    private static long[] Pads(long[] padding) => padding.Length == 1
        ? new[] { padding[0], padding[0], padding[0], padding[0] }
        : new[] { padding[0], padding[1], padding[0], padding[1] };

    private static long[] SamePadding(Conv2d conv)
    {
        if (conv.stride.Any(s => s != 1))
            throw new NotSupportedException("padding 'same' exports only with stride 1.");
        return conv.kernel_size.Select((k, i) => (k - 1) * conv.dilation[i] / 2).ToArray();
    }

    private static float[] Filled(long n, float value) => Enumerable.Repeat(value, (int)n).ToArray();
}

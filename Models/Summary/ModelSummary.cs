using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Summary;

/// <summary>One layer of a <see cref="ModelSummary"/>.</summary>
/// <param name="Name">The layer's state-dict path, e.g. <c>layer1.0.conv1</c>.</param>
/// <param name="Type">The layer type, e.g. <c>Conv2d</c>.</param>
/// <param name="OutputShape">The output shape for a batch of one.</param>
/// <param name="Parameters">The layer's own parameters (weights and biases; BatchNorm statistics are buffers, not parameters).</param>
/// <param name="MultiplyAdds">Multiply-adds for one image (see <see cref="ModelSummary"/> for what is counted).</param>
public sealed record LayerSummary(string Name, string Type, long[] OutputShape, long Parameters, long MultiplyAdds);

/// <summary>
/// Layers, output shapes, parameters and multiply-adds of a network for one input size.
/// <para>
/// Multiply-adds count what dominates the cost and what published figures (torchvision, the PyTorch peer's
/// <c>count_macs</c>) count: <c>Conv2d</c> = output elements × (input channels ÷ groups) × kernel height × kernel
/// width, <c>Linear</c> = output elements × input features. Biases, BatchNorm, activations, pooling and element-wise
/// operations (residual adds, squeeze-excitation scaling) count 0.
/// </para>
/// <para>
/// The layers are found by walking the network as the ONNX exporter does (every leaf layer run once on zeros of
/// its input shape, in graph order), not by forward hooks: TorchSharp calls hooks only through <c>Module.call</c>,
/// and networks here call <c>forward</c> on their children. Functional operations (<c>relu_</c>, additions,
/// flattening) are not layers and have no rows; a layer used twice has two rows.
/// </para>
/// </summary>
public sealed class ModelSummary
{
    private ModelSummary(string networkName, long[] inputShape, IReadOnlyList<LayerSummary> layers, long totalParameters, long trainableParameters)
    {
        NetworkName = networkName;
        InputShape = inputShape;
        Layers = layers;
        TotalParameters = totalParameters;
        TrainableParameters = trainableParameters;
    }

    /// <summary>The network's module name.</summary>
    public string NetworkName { get; }

    /// <summary>The input shape summarised, <c>[1, C, H, W]</c>.</summary>
    public long[] InputShape { get; }

    /// <summary>One row per leaf layer, in the order the network uses them.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>All parameters of the network.</summary>
    public long TotalParameters { get; }

    /// <summary>Parameters that require gradients.</summary>
    public long TrainableParameters { get; }

    /// <summary>Multiply-adds for one image: the sum over <see cref="Layers"/>.</summary>
    public long MultiplyAdds => Layers.Sum(l => l.MultiplyAdds);

    /// <summary>Summarises <paramref name="network"/> for <c>[1, channels, height, width]</c> inputs; its weights and mode are left as they were.</summary>
    public static ModelSummary Create(nn.Module<Tensor, Tensor> network, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (channels < 1 || height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(channels), $"The input shape must be positive; got {channels}×{height}×{width}.");
        var layers = new List<LayerSummary>();
        var context = new OnnxExportContext
        {
            LeafVisited = (name, layer, input, output) => layers.Add(new LayerSummary(
                name, layer.GetType().Name, output, layer.parameters().Sum(p => p.numel()), MultiplyAddsOf(layer, output))),
        };
        long[] inputShape = { 1, channels, height, width };
        bool wasTraining = network.training;
        network.eval(); // running a BatchNorm in training mode would change its statistics
        try
        {
            using var noGrad = no_grad();
            context.ExportHere(network, new OnnxValue("input", inputShape));
        }
        finally
        {
            network.train(wasTraining);
        }
        var parameters = network.parameters().ToList();
        return new ModelSummary(network.GetName(), inputShape, layers,
            parameters.Sum(p => p.numel()), parameters.Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    /// <summary>Summarises the registered architecture <paramref name="architecture"/> built for <paramref name="spec"/> (at its image size).</summary>
    public static ModelSummary Create(string architecture, ModelSpec spec)
    {
        var info = ArchitectureRegistry.Get(architecture);
        int size = info.ImageSizeOf(spec);
        using var network = info.Create(spec);
        return Create(network, spec.InChannels, size, size);
    }

    /// <summary>The table: one line per layer, then the totals.</summary>
    public override string ToString() => SummaryTable.Format(this);

    private static long MultiplyAddsOf(nn.Module layer, long[] outputShape)
    {
        long outputElements = outputShape.Aggregate(1L, (a, b) => a * b);
        return layer switch
        {
            Conv2d conv => outputElements * conv.weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b), // (in / groups) × kh × kw
            Linear linear => outputElements * linear.weight.shape[1],
            _ => 0,
        };
    }
}

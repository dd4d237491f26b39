using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Native;

/// <summary>
/// The memory layout a batch of images is given to the network in. On the CPU, channels-last (NHWC strides behind the
/// NCHW shape) makes libtorch run the network's convolutions, BatchNorm and pooling on oneDNN's NHWC kernels and keep the
/// activations channels-last, which trains small networks markedly faster than the default layout on this project's
/// machines (benchmarks/results/2026-12-04-cpu.md). The shape and the values stay; the parameters keep their layout, so
/// checkpoints and the ONNX export do not change. libtorch 2.10 computes some shapes wrongly in channels-last (ResNet-18's
/// last stage on a 2×2 map, on this machine), so a network gets channels-last batches only when a probe shows that it
/// computes the same outputs and gradients in both layouts. On CUDA the default layout stays (channels-last pays there
/// with mixed precision on tensor cores, which the trainer does not use).
/// </summary>
internal static class MemoryLayout
{
    /// <summary>Agreement the probe asks for, relative to each compared tensor's size (see <see cref="Agrees"/>).</summary>
    private const double Tolerance = 1e-3;

    /// <summary>Whether batches for <paramref name="device"/> are worth laying out channels-last.</summary>
    public static bool PrefersChannelsLast(Device device) => device.type == DeviceType.CPU;

    /// <summary>
    /// Whether <paramref name="network"/> trains on channels-last batches of <paramref name="imageShape"/> (<c>[C, H, W]</c>)
    /// on <paramref name="device"/>: when the device prefers them and <see cref="Agrees"/> holds; <paramref name="reason"/> says why.
    /// </summary>
    public static bool ChooseChannelsLast(nn.Module<Tensor, Tensor> network, Device device, long[] imageShape, out string reason)
    {
        if (!PrefersChannelsLast(device) || imageShape.Length != 3)
        {
            reason = imageShape.Length != 3 ? "the images are not C×H×W" : $"the default suits {device.type}";
            return false;
        }
        if (!Agrees(network, imageShape, out double difference))
        {
            reason = $"in channels-last this network's outputs or gradients differ by {difference:G3} of their size from the default layout's (a libtorch kernel fault), so it keeps the default";
            return false;
        }
        reason = "faster on the CPU, and this network computes the same in it";
        return true;
    }

    /// <summary>
    /// Runs <paramref name="network"/> forward and backward in evaluation mode on a seeded batch of two images of
    /// <paramref name="imageShape"/>, in the default layout and in channels-last, and compares the outputs and every
    /// parameter's gradient; true when each agrees to within <see cref="Tolerance"/> of its size. The network is left
    /// as it was: mode restored, gradients dropped, running statistics untouched, the global random state unused.
    /// </summary>
    public static bool Agrees(nn.Module<Tensor, Tensor> network, long[] imageShape, out double difference)
    {
        bool training = network.training;
        var parameters = network.parameters().Where(p => p.requires_grad).ToList();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        network.eval();
        try
        {
            using var generator = new Generator(20261204);
            var images = randn(new[] { 2L }.Concat(imageShape).ToArray(), generator: generator);
            var plain = OutputAndGradients(network, parameters, images);
            var laidOut = OutputAndGradients(network, parameters, ToChannelsLast(images));
            // Each tensor against its own size; a gradient far smaller than the largest against a hundredth of the largest,
            // so that rounding in a near-zero gradient is not taken for a fault.
            var sizes = plain.Select(t => t.abs().max().ToDouble()).ToList();
            double largestGradient = sizes.Skip(1).DefaultIfEmpty(0).Max();
            difference = plain.Zip(laidOut, (a, b) => (a - b).abs().max().ToDouble())
                .Select((error, i) => error / Math.Max(i == 0 ? sizes[0] : Math.Max(sizes[i], 0.01 * largestGradient), 1e-12)).Max();
            return difference <= Tolerance;
        }
        finally
        {
            foreach (var parameter in parameters) parameter.grad = null;
            if (training) network.train();
        }
    }

    /// <summary>The output, then each parameter's gradient of a fixed weighting of the output.</summary>
    private static List<Tensor> OutputAndGradients(nn.Module<Tensor, Tensor> network, List<Parameter> parameters, Tensor images)
    {
        foreach (var parameter in parameters) parameter.grad = null;
        var output = network.forward(images);
        var weights = arange(output.numel(), dtype: output.dtype).reshape(output.shape).mul(0.37).cos();
        output.mul(weights).sum().backward();
        return new[] { output.detach().contiguous() }.Concat(parameters.Select(p => p.grad!.detach().contiguous().clone())).ToList();
    }

    /// <summary>
    /// <paramref name="images"/> (<c>[N, C, H, W]</c>) with channels-last strides: a copy in the caller's dispose scope, or
    /// the tensor itself when it is not 4-D.
    /// </summary>
    public static Tensor ToChannelsLast(Tensor images) =>
        images.dim() == 4 ? images.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : images;

    /// <summary>Whether <paramref name="images"/> (<c>[N, C, H, W]</c>) has channels-last strides.</summary>
    public static bool IsChannelsLast(Tensor images) =>
        images.dim() == 4 && images.stride(1) == 1 && images.stride(3) == images.shape[1] && images.stride(2) == images.shape[1] * images.shape[3];
}

using MlNetCnn.Models.Onnx;
using static MlNetCnn.Models.Onnx.OnnxAttributes;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// The functional head torchvision writes as <c>flatten(adaptive_avg_pool2d(x, 1), 1)</c>: <c>[N, C, H, W]</c> →
/// <c>[N, C]</c>, and its ONNX graph, for trunks that have no pooling module of their own.
/// </summary>
internal static class GlobalAveragePooling
{
    /// <summary>Averages each channel over the image. Call inside a dispose scope (the pooled tensor is temporary).</summary>
    public static Tensor Forward(Tensor x) => nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);

    /// <summary>The ONNX graph of <see cref="Forward"/>.</summary>
    public static OnnxValue Export(OnnxExportContext context, OnnxValue x)
    {
        var pooled = context.AddNode("GlobalAveragePool", new[] { x.Name }, new long[] { 1, x.Channels, 1, 1 });
        return context.AddNode("Flatten", new[] { pooled.Name }, new long[] { 1, x.Channels }, Int("axis", 1));
    }
}

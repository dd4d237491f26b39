using MlNetCnn.Models.Native;
using MlNetCnn.Models.Registry;
using MlNetCnn.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models.Native;

/// <summary>
/// libtorch 2.10's oneDNN convolves a batch wrongly when the input channels are not a multiple of its channel block
/// (8 with AVX2, 16 with AVX-512). These tests compare TorchSharp with itself (float64, one image at a time), so they
/// fail on a machine with that kernel whatever ONNX Runtime does; on a machine without it they pass either way.
/// </summary>
[TestClass]
public sealed class CpuConvolutionCheckTests
{
    [TestMethod]
    public void EnsureCorrect_Afterwards_TheProbeConvolutionIsCorrect()
    {
        var status = CpuConvolutionCheck.EnsureCorrect();

        Assert.IsTrue(CpuConvolutionCheck.ConvolutionIsCorrect(), $"status {status}");
        Assert.AreEqual(status, CpuConvolutionCheck.EnsureCorrect());
    }

    [TestMethod]
    [DataRow(3L)]
    [DataRow(24L)] // GoogLeNet's inception 4b/4c 3×3 reduction
    [DataRow(26L)] // Res2Net's split width at 64 planes
    [DataRow(52L)]
    [DataRow(104L)]
    public void Conv2d_BatchWithUnalignedInputChannels_MatchesFloat64(long channels)
    {
        CpuConvolutionCheck.EnsureCorrect();
        manual_seed(7);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn(4, channels, 8, 8);
        var weight = randn(16, channels, 3, 3) * 0.1;
        long[] padding = { 1, 1 };

        var actual = nn.functional.conv2d(x, weight, padding: padding);
        var expected = nn.functional.conv2d(x.to_type(ScalarType.Float64), weight.to_type(ScalarType.Float64), padding: padding);

        double error = (actual.to_type(ScalarType.Float64) - expected).abs().max().ToDouble();
        Assert.IsLessThanOrEqualTo(1e-4, error, $"{channels} input channels, batch of 4: max |float32 − float64| = {error:G3}");
    }

    [TestMethod]
    [DataRow("res2net18_cifar")]
    [DataRow("googlenet_cifar")]
    public void Forward_EvalBatch_EqualsOneImageAtATime(string name)
    {
        manual_seed(5);
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(3, 10, 16));
        using var x = randn(3, 3, 16, 16);
        foreach (var bn in network.modules().OfType<BatchNorm2d>()) bn.momentum = 1.0;
        network.train();
        using (no_grad()) network.forward(x).Dispose();
        network.eval();
        using var noGrad = no_grad();

        float[] batched = network.forward(x).data<float>().ToArray();
        float[] single = Enumerable.Range(0, 3).SelectMany(i => network.forward(x[i..(i + 1)]).data<float>().ToArray()).ToArray();

        double tolerance = 1e-4 * Math.Max(1.0, batched.Max(Math.Abs));
        Assert.IsLessThanOrEqualTo(tolerance, TorchAssert.MaxAbsDifference(single, batched), $"{name}: a batch of 3 differs from its images one by one");
    }
}

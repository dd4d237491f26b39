using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;
using MlNetCnn.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class OnnxParityTests
{
    public static IEnumerable<object[]> Architectures => ArchitectureRegistry.Names.Select(n => new object[] { n });

    /// <summary>A size the test can afford on two cores: the default, but at most 64 (never below the minimum).</summary>
    internal static int TestImageSize(ArchitectureInfo info) => Math.Max(info.MinImageSize, Math.Min(info.DefaultImageSize, 64));

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void ExportBare_EveryArchitecture_OnnxRuntimeMatchesTorchSharp(string name)
    {
        var info = ArchitectureRegistry.Get(name);
        var spec = new ModelSpec(3, 10, TestImageSize(info), LightSettings(info));
        AssertBareParity(info, spec, batch: 1);
        AssertBareParity(info, spec, batch: 3);
    }

    /// <summary>
    /// Narrower widths where an architecture offers them (the same layers and export code, a fraction of the
    /// parameters), so the registry-wide test stays within seconds per architecture on two cores.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> LightSettings(ArchitectureInfo info)
    {
        var light = new Dictionary<string, string> { ["classifier_width"] = "256", ["width_divisor"] = "8" };
        return light.Where(s => info.Options.Any(o => o.Key == s.Key)).ToDictionary(s => s.Key, s => s.Value);
    }

    [TestMethod]
    [DataRow("resnet18")]
    [DataRow("resnet18_cifar")]
    [DataRow("se_resnet18_cifar")]
    [DataRow("res2net18_cifar")]
    public void ExportBare_ResNetWithoutResiduals_OnnxRuntimeMatchesTorchSharp(string name)
    {
        var settings = new Dictionary<string, string> { ["use_residual"] = "false" };
        AssertBareParity(ArchitectureRegistry.Get(name), new ModelSpec(1, 7, 32, settings), batch: 2);
    }

    [TestMethod]
    public void ExportScoring_ResNetCifar_ProbabilitiesAndClassNameMatchTorchSharp()
    {
        manual_seed(3);
        using var network = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 3, 16));
        network.eval();
        float[] mean = { 0.4f, 0.5f, 0.6f }, std = { 0.2f, 0.25f, 0.3f };
        var spec = new ScoringGraphSpec("Features", 3, 16, 16, mean, std, new[] { "cat", "dog", "frog" });
        byte[] onnx = OnnxExporter.ExportScoring(network, spec);

        using var x = rand(2, 3, 16, 16);
        using var normalized = (x - tensor(mean).reshape(1, 3, 1, 1)) / tensor(std).reshape(1, 3, 1, 1);
        using var noGrad = no_grad();
        float[] expected = network.forward(normalized).softmax(1).data<float>().ToArray();
        float[] actual = OnnxRunner.Run(onnx, "Features", x.data<float>().ToArray(), new[] { 2, 3, 16, 16 }, "Score");
        Assert.IsLessThanOrEqualTo(1e-5, TorchAssert.MaxAbsDifference(expected, actual));
    }

    [TestMethod]
    public void ExportScoring_FlipAveraging_ScoresTheMeanLogitsOfImagesAndMirrorImages()
    {
        manual_seed(5);
        var settings = new Dictionary<string, string> { ["width"] = "8" };
        using var network = ArchitectureRegistry.Create("resnet9", new ModelSpec(3, 4, 16, settings));
        network.eval();
        float[] mean = { 0.4f, 0.5f, 0.6f }, std = { 0.2f, 0.25f, 0.3f };
        var spec = new ScoringGraphSpec("Features", 3, 16, 16, mean, std, new[] { "a", "b", "c", "d" }, FlipAveraging: true);
        byte[] onnx = OnnxExporter.ExportScoring(network, spec);

        using var x = rand(3, 3, 16, 16);
        using var normalized = (x - tensor(mean).reshape(1, 3, 1, 1)) / tensor(std).reshape(1, 3, 1, 1);
        using var noGrad = no_grad();
        using var plain = network.forward(normalized);
        using var mirrored = network.forward(normalized.flip(3));
        float[] expected = ((plain + mirrored) / 2).softmax(1).data<float>().ToArray();
        float[] actual = OnnxRunner.Run(onnx, "Features", x.data<float>().ToArray(), new[] { 3, 3, 16, 16 }, "Score");
        Assert.IsLessThanOrEqualTo(1e-5, TorchAssert.MaxAbsDifference(expected, actual));
        float[] unaveraged = plain.softmax(1).data<float>().ToArray();
        Assert.IsGreaterThan(1e-4, TorchAssert.MaxAbsDifference(unaveraged, actual), "the mirror images changed nothing: the test proves nothing");
    }

    internal static void AssertBareParity(ArchitectureInfo info, ModelSpec spec, int batch)
    {
        manual_seed(42);
        using var network = info.Create(spec);
        int size = spec.ImageSize!.Value;
        using var x = randn(batch, spec.InChannels, size, size);
        // Non-trivial BatchNorm statistics, so that folding them into the convolutions is really tested: those of a batch
        // that holds the test input (momentum 1). With random batches and the default momentum, deep plain networks
        // (GoogLeNet, the MobileNets) normalise with statistics that do not fit, and their logits stop depending on the input.
        foreach (var bn in network.modules().OfType<BatchNorm2d>()) bn.momentum = 1.0;
        network.train();
        using (no_grad()) network.forward(cat(new[] { x, randn(4, spec.InChannels, size, size) }, 0)).Dispose();
        network.eval();

        float[] expected;
        using (no_grad()) expected = network.forward(x).data<float>().ToArray();
        byte[] onnx = OnnxExporter.ExportBare(network, spec.InChannels, size, size);
        float[] actual = OnnxRunner.Run(onnx, "input", x.data<float>().ToArray(), new[] { batch, spec.InChannels, size, size }, "logits");

        // Both float32 results are held against TorchSharp in float64, so a failure names the side that is wrong; compared
        // with each other, their rounding would add up. Float32 rounding after 50 layers reaches ~1e-4 of the largest logit
        // (1.1e-4 measured for Res2Net-50 on an AVX-512 Xeon), hence 2e-4; libtorch's wrong convolutions were off by far more.
        network.to(ScalarType.Float64);
        float[] exact;
        using (no_grad()) exact = network.forward(x.to_type(ScalarType.Float64)).to_type(ScalarType.Float32).data<float>().ToArray();
        double tolerance = 2e-4 * Math.Max(1.0, exact.Max(Math.Abs));
        double onnxError = TorchAssert.MaxAbsDifference(exact, actual), torchError = TorchAssert.MaxAbsDifference(exact, expected);
        Assert.IsLessThanOrEqualTo(tolerance, torchError, $"{info.Name} batch {batch}: max |TorchSharp float32 − float64| = {torchError:G3}");
        Assert.IsLessThanOrEqualTo(tolerance, onnxError, $"{info.Name} batch {batch}: max |ONNX − TorchSharp float64| = {onnxError:G3}");
        if (batch == 1) return;
        int classes = expected.Length / batch;
        double spread = Enumerable.Range(classes, expected.Length - classes).Max(i => Math.Abs(expected[i] - expected[i % classes]));
        Assert.IsGreaterThan(tolerance / 2, spread, $"{info.Name} batch {batch}: the logits do not depend on the input, so the comparison proves nothing.");
    }
}

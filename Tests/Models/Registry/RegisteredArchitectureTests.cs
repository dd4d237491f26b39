using MlNetCnn.Models.Architectures;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Summary;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models.Registry;

/// <summary>
/// Every registered architecture against its own registry entry (as torchvision's <c>test_extended_models.py</c> checks
/// every builder against its metadata): the parameter counts and multiply-adds of its <see cref="ArchitectureInfo.References"/>,
/// and a forward and backward pass at its minimum size. A new architecture is tested by being registered.
/// </summary>
[TestClass]
public sealed class RegisteredArchitectureTests
{
    public static IEnumerable<object[]> Architectures => ArchitectureRegistry.Names.Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void Create_EveryArchitecture_ParametersAndMultiplyAddsEqualReference(string name)
    {
        var info = ArchitectureRegistry.Get(name);
        foreach (var reference in info.References)
        {
            using var network = info.Create(reference.At);
            string at = $"{name} at {Describe(info, reference.At)} ({reference.Source})";
            Assert.AreEqual(reference.Parameters, network.parameters().Sum(p => p.numel()), $"{at}: parameters");
            if (reference.MultiplyAdds is not long multiplyAdds) continue;
            int size = info.ImageSizeOf(reference.At);
            Assert.AreEqual(multiplyAdds, ModelSummary.Create(network, reference.At.InChannels, size, size).MultiplyAdds, $"{at}: multiply-adds");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void Forward_EveryArchitectureAtMinimumSize_GivesFiniteLogitsAndGradientsReachFirstParameter(string name)
    {
        var info = ArchitectureRegistry.Get(name);
        // Grey images, an unusual class count, and the narrower widths of the ONNX parity test (the same layers; the
        // full widths' parameter counts are checked above): full VGG classifiers would take 15 s each on two cores.
        var spec = new ModelSpec(InChannels: 1, NumClasses: 5, ImageSize: info.MinImageSize, OnnxParityTests.LightSettings(info));
        manual_seed(7);
        using var network = info.Create(spec);
        // Bottleneck ResNets' backward pass would die of SIGFPE in libtorch's oneDNN here but for CpuConvolutionCheck.
        using var x = randn(2, spec.InChannels, info.MinImageSize, info.MinImageSize);
        using var logits = network.forward(x);
        CollectionAssert.AreEqual(new long[] { 2, spec.NumClasses }, logits.shape, $"{name}: logits shape");
        Assert.IsTrue(logits.isfinite().all().item<bool>(), $"{name}: non-finite logits at {Describe(info, spec)}");

        using var weights = randn_like(logits);
        (logits * weights).sum().backward();
        var (first, parameter) = network.named_parameters().First();
        Assert.IsNotNull(parameter.grad, $"{name}: no gradient at {first}");
        Assert.IsTrue(parameter.grad.isfinite().all().item<bool>(), $"{name}: non-finite gradient at {first}");
        Assert.IsGreaterThan(0.0, parameter.grad.abs().sum().item<float>(), $"{name}: zero gradient at {first}");
    }

    [TestMethod]
    public void References_EveryArchitecture_NamesAKnownSource()
    {
        string[] known = { ReferenceSources.Torchvision, ReferenceSources.Timm, ReferenceSources.Holocron, ReferenceSources.PeerModels, ReferenceSources.ThisProject,
            ReferenceSources.DnnImageFeaturizerOnnx };
        foreach (var info in ArchitectureRegistry.All)
            foreach (var reference in info.References)
                CollectionAssert.Contains(known, reference.Source, $"{info.Name}: unknown source '{reference.Source}'");
    }

    private static string Describe(ArchitectureInfo info, ModelSpec spec)
    {
        int size = info.ImageSizeOf(spec);
        string settings = spec.Settings is { Count: > 0 } s ? ", " + string.Join(", ", s.Select(kv => $"{kv.Key}={kv.Value}")) : "";
        return $"{spec.InChannels}×{size}×{size}, {spec.NumClasses} classes{settings}";
    }
}

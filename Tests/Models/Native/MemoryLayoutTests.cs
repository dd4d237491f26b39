using MlNetCnn.Models.Native;
using MlNetCnn.Models.Registry;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models.Native;

/// <summary>
/// The channels-last layout the CPU gets its batches in: same shape and values, NHWC strides, CPU only, and only for a
/// network the probe finds computing the same in both layouts.
/// </summary>
[TestClass]
public sealed class MemoryLayoutTests
{
    [TestMethod]
    public void ToChannelsLast_KeepsShapeAndValuesWithNhwcStrides()
    {
        using var scope = NewDisposeScope();
        var images = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);

        var laidOut = MemoryLayout.ToChannelsLast(images);

        CollectionAssert.AreEqual(images.shape, laidOut.shape);
        CollectionAssert.AreEqual(new long[] { 60, 1, 15, 3 }, laidOut.stride());
        Assert.IsTrue(MemoryLayout.IsChannelsLast(laidOut));
        Assert.IsFalse(MemoryLayout.IsChannelsLast(images));
        Assert.IsTrue(images.eq(laidOut).all().item<bool>());
    }

    [TestMethod]
    public void ToChannelsLast_LeavesOtherRanksAlone()
    {
        using var features = ones(4, 7);

        Assert.AreSame(features, MemoryLayout.ToChannelsLast(features));
    }

    [TestMethod]
    public void PrefersChannelsLast_OnTheCpuOnly()
    {
        Assert.IsTrue(MemoryLayout.PrefersChannelsLast(CPU));
        Assert.IsFalse(MemoryLayout.PrefersChannelsLast(new Device(DeviceType.CUDA, 0)));
    }

    [TestMethod]
    public void Convolution_OfAChannelsLastBatch_KeepsTheLayoutAndTheValues()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var conv = nn.Conv2d(16, 32, 3, padding: 1);
        var images = randn(4, 16, 8, 8, generator: new Generator(5));

        var expected = conv.forward(images);
        var actual = conv.forward(MemoryLayout.ToChannelsLast(images));

        Assert.IsTrue(MemoryLayout.IsChannelsLast(actual), "libtorch keeps the activations channels-last");
        Assert.IsTrue(actual.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    /// <summary>Doubles its input when it arrives channels-last: a stand-in for a kernel that is wrong in one layout.</summary>
    private sealed class LayoutSensitive : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear _fc = nn.Linear(12, 2);

        public LayoutSensitive() : base(nameof(LayoutSensitive)) => RegisterComponents();

        public override Tensor forward(Tensor x) => _fc.forward((MemoryLayout.IsChannelsLast(x) ? x * 2 : x).flatten(1));
    }

    [TestMethod]
    public void Agrees_NetworkThatComputesDifferentlyInChannelsLast_IsRefusedNamingTheDifference()
    {
        using var network = new LayoutSensitive();

        Assert.IsFalse(MemoryLayout.Agrees(network, new long[] { 3, 2, 2 }, out double difference));
        Assert.IsGreaterThan(0.1, difference);
        Assert.IsFalse(MemoryLayout.ChooseChannelsLast(network, CPU, new long[] { 3, 2, 2 }, out string reason));
        StringAssert.Contains(reason, "keeps the default");
    }

    [TestMethod]
    public void Agrees_PlainConvolutionalNetwork_AgreesAndIsLeftAsItWas()
    {
        manual_seed(2);
        using var network = nn.Sequential(nn.Conv2d(3, 16, 3, padding: 1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding: 1), nn.BatchNorm2d(32), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 4));
        network.train();
        var before = network.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        var globalState = random.get_rng_state();

        Assert.IsTrue(MemoryLayout.ChooseChannelsLast(network, CPU, new long[] { 3, 12, 12 }, out string reason), reason);

        Assert.IsTrue(network.training, "the mode is restored");
        Assert.IsTrue(network.parameters().All(p => p.grad is null), "no gradient is left behind");
        foreach (var (name, value) in network.state_dict())
            Assert.IsTrue(value.eq(before[name]).all().item<bool>(), $"{name} is untouched");
        Assert.IsTrue(random.get_rng_state().eq(globalState).all().item<bool>(), "the global random state is not used");
    }

    [TestMethod]
    public void ChooseChannelsLast_OnCuda_KeepsTheDefaultWithoutRunningTheNetwork()
    {
        using var network = new LayoutSensitive();

        Assert.IsFalse(MemoryLayout.ChooseChannelsLast(network, new Device(DeviceType.CUDA, 0), new long[] { 3, 2, 2 }, out string reason));
        StringAssert.Contains(reason, "CUDA");
    }

    [TestMethod]
    [DataRow("resnet18", 32)] // its last stage on a 2×2 map is computed wrongly in channels-last by libtorch 2.10 on some CPUs
    [DataRow("resnet9", 32)]
    [DataRow("cifarnet", 32)]
    [DataRow("mobilenet_v1", 32)]
    public void ChooseChannelsLast_RegisteredArchitecture_TheChosenLayoutGivesTheDefaultLayoutsLogits(string name, int size)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var network = ArchitectureRegistry.Get(name).Create(new ModelSpec(3, 10, size));
        network.eval();
        using var noGrad = no_grad();
        var images = randn(4, 3, size, size, generator: new Generator(9));

        bool channelsLast = MemoryLayout.ChooseChannelsLast(network, CPU, new long[] { 3, size, size }, out string reason);

        var expected = network.forward(images);
        var actual = network.forward(channelsLast ? MemoryLayout.ToChannelsLast(images) : images);
        Assert.IsTrue(actual.allclose(expected, rtol: 1e-3, atol: 1e-4 * expected.abs().max().item<float>()), $"{name}: {reason}");
    }
}

using MlNetCnn.Models.Registry;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class ResNetTests
{
    [TestMethod]
    [DataRow("resnet18", 11_181_642L)]
    [DataRow("resnet18_cifar", 11_173_962L)]
    [DataRow("resnet34", 21_289_802L)]
    [DataRow("resnet50", 23_528_522L)]
    public void Create_TenClasses_ParameterCountEqualsPublished(string name, long expected)
    {
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(3, 10));
        Assert.AreEqual(expected, network.parameters().Sum(p => p.numel()));
    }

    [TestMethod]
    public void StateDict_ResNet18_UsesTorchvisionKeys()
    {
        using var network = ArchitectureRegistry.Create("resnet18", new ModelSpec(3, 1000));
        var keys = network.state_dict().Keys.ToHashSet();
        foreach (string key in new[] { "conv1.weight", "bn1.running_var", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
                                        "layer2.0.downsample.1.num_batches_tracked", "layer4.1.bn2.bias", "fc.weight", "fc.bias" })
            Assert.Contains(key, keys);
        Assert.AreEqual(122, keys.Count); // torchvision resnet18: stem 6, 8 blocks × 12, 3 projections × 6, fc 2
    }

    [TestMethod]
    public void Create_WithoutResiduals_HasNoShortcutProjections()
    {
        var settings = new Dictionary<string, string> { ["use_residual"] = "false" };
        using var network = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 10, Settings: settings));
        Assert.IsFalse(network.state_dict().Keys.Any(k => k.Contains("downsample")));
    }

    [TestMethod]
    public void Forward_OneChannelImages_GivesLogitsPerClassAndGradientsReachFirstLayer()
    {
        using var network = ArchitectureRegistry.Create("resnet18", new ModelSpec(1, 5, 32));
        using var logits = network.forward(randn(2, 1, 32, 32));
        CollectionAssert.AreEqual(new long[] { 2, 5 }, logits.shape);
        logits.sum().backward();
        var grad = network.named_parameters().First(p => p.name == "conv1.weight").parameter.grad;
        Assert.IsNotNull(grad);
        Assert.IsGreaterThan(0.0, grad.abs().sum().item<float>());
    }

    [TestMethod]
    public void Create_UnknownSetting_FailsListingValidSettings()
    {
        var settings = new Dictionary<string, string> { ["residual"] = "false" };
        var error = Assert.ThrowsExactly<ArgumentException>(() => ArchitectureRegistry.Create("resnet18", new ModelSpec(Settings: settings)));
        StringAssert.Contains(error.Message, "'residual'");
        StringAssert.Contains(error.Message, "use_residual");
    }

    [TestMethod]
    public void Get_UnknownName_FailsListingKnownNames()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => ArchitectureRegistry.Get("resnet19"));
        StringAssert.Contains(error.Message, "resnet18_cifar");
    }
}

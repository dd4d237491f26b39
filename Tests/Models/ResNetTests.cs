using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class ResNetTests
{
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

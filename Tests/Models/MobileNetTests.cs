using MlNetCnn.Models.Registry;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class MobileNetTests
{
    [TestMethod]
    public void StateDict_MobileNetV2_UsesTorchvisionKeys() =>
        NetworkAssert.StateDictHas("mobilenet_v2", 314, // stem 6, first block 12, 16 blocks × 18, last conv 6, classifier 2
            "features.0.0.weight", "features.0.1.running_var", "features.1.conv.0.0.weight", "features.1.conv.1.weight",
            "features.2.conv.0.0.weight", "features.2.conv.2.weight", "features.2.conv.3.num_batches_tracked",
            "features.18.0.weight", "features.18.1.bias", "classifier.1.weight");

    [TestMethod]
    [DataRow("mobilenet_v1", "stem.0.weight", 16L, "fc.weight", 512L)]
    [DataRow("mobilenet_v2", "features.0.0.weight", 16L, "classifier.1.weight", 1280L)] // the last width never shrinks
    public void Create_HalfWidth_ScalesWidths(string name, string stemKey, long stemChannels, string headKey, long headInputs)
    {
        var settings = new Dictionary<string, string> { ["width_multiplier"] = "0.5" };
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(3, 10, Settings: settings));
        var weights = network.state_dict();
        Assert.AreEqual(stemChannels, weights[stemKey].shape[0]);
        Assert.AreEqual(headInputs, weights[headKey].shape[1]);
    }

    [TestMethod]
    public void Create_ZeroWidth_FailsNamingTheSetting()
    {
        var settings = new Dictionary<string, string> { ["width_multiplier"] = "0" };
        var error = Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Create("mobilenet_v2", new ModelSpec(Settings: settings)));
        StringAssert.Contains(error.Message, "width_multiplier");
    }
}

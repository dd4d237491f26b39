using MlNetCnn.Models.Registry;
using MlNetCnn.Tests.Support;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class DenseNetTests
{
    [TestMethod]
    public void StateDict_DenseNet121_UsesTorchvisionKeys() =>
        NetworkAssert.StateDictHas("densenet121", 727, // stem 6, 58 dense layers × 12, 3 transitions × 6, norm5 5, classifier 2
            "features.conv0.weight", "features.norm0.running_mean", "features.denseblock1.denselayer1.norm1.weight",
            "features.denseblock4.denselayer16.conv2.weight", "features.transition3.conv.weight",
            "features.transition1.norm.num_batches_tracked", "features.norm5.bias", "classifier.weight");

    [TestMethod]
    public void Create_GrowthAndBlocksSet_BuildsThatNetwork()
    {
        var settings = new Dictionary<string, string> { ["growth_rate"] = "12", ["block_config"] = "2, 3" };
        using var network = ArchitectureRegistry.Create("densenet_cifar", new ModelSpec(1, 10, Settings: settings));
        var weights = network.state_dict();
        CollectionAssert.AreEqual(new long[] { 24, 1, 3, 3 }, weights["features.conv0.weight"].shape);
        Assert.IsTrue(weights.ContainsKey("features.denseblock2.denselayer3.conv2.weight"));
        Assert.IsFalse(weights.Keys.Any(k => k.Contains("denseblock3") || k.Contains("transition2")));
        // 24 + 2·12 = 48 → transition 24 → + 3·12 = 60 channels before the classifier.
        CollectionAssert.AreEqual(new long[] { 10, 60 }, weights["classifier.weight"].shape);
        using var logits = network.forward(randn(2, 1, 16, 16));
        CollectionAssert.AreEqual(new long[] { 2, 10 }, logits.shape);
    }

    [TestMethod]
    [DataRow("1,x")]
    [DataRow("")]
    [DataRow("1,0,1")]
    public void Create_BadBlockConfig_FailsNamingTheSetting(string value)
    {
        var settings = new Dictionary<string, string> { ["block_config"] = value };
        var error = Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Create("densenet_cifar", new ModelSpec(Settings: settings)));
        StringAssert.Contains(error.Message, "block_config");
    }
}

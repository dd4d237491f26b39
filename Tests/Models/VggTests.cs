using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class VggTests
{
    [TestMethod]
    public void StateDict_Vgg16Bn_UsesTorchvisionKeys()
    {
        using var network = ArchitectureRegistry.Create("vgg16_bn", new ModelSpec(3, 10, Settings: Small(4)));
        var keys = network.state_dict().Keys.ToHashSet();
        foreach (string key in new[] { "features.0.weight", "features.0.bias", "features.1.running_mean", "features.1.num_batches_tracked",
                                        "features.40.weight", "features.41.running_var", "classifier.0.weight", "classifier.3.weight", "classifier.6.bias" })
            Assert.Contains(key, keys);
        Assert.AreEqual(13 * 7 + 3 * 2, keys.Count); // 13 convolutions (weight, bias) + BatchNorm (5 entries each), 3 linear layers
    }

    [TestMethod]
    public void Create_WidthDivisorAndClassifierWidth_ShrinkChannelsAndClassifier()
    {
        using var network = ArchitectureRegistry.Create("vgg11", new ModelSpec(3, 10, Settings: Small(4)));
        var shapes = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        CollectionAssert.AreEqual(new long[] { 16, 3, 3, 3 }, shapes["features.0.weight"]);
        CollectionAssert.AreEqual(new long[] { 256, 128 * 7 * 7 }, shapes["classifier.0.weight"]);
        CollectionAssert.AreEqual(new long[] { 10, 256 }, shapes["classifier.6.weight"]);
    }

    [TestMethod]
    [DataRow("3")]
    [DataRow("0")]
    [DataRow("128")]
    public void Create_WidthDivisorNotDividing64_FailsNamingSetting(string divisor)
    {
        var settings = new Dictionary<string, string> { ["width_divisor"] = divisor };
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ArchitectureRegistry.Create("vgg11", new ModelSpec(Settings: settings)));
        StringAssert.Contains(error.Message, "width_divisor");
    }

    /// <summary>32: 1×1 map replicated to 7×7; 96: 3×3 to 7×7 (overlapping bins); 224: identity.</summary>
    [TestMethod]
    [DataRow("vgg11_bn", 32)]
    [DataRow("vgg16", 96)]
    [DataRow("vgg11", 224)]
    public void ExportBare_SmallVggAtAnySize_OnnxRuntimeMatchesTorchSharp(string name, int size) =>
        OnnxParityTests.AssertBareParity(ArchitectureRegistry.Get(name), new ModelSpec(1, 5, size, Small(8)), batch: 2);

    private static Dictionary<string, string> Small(int divisor) =>
        new() { ["width_divisor"] = divisor.ToString(), ["classifier_width"] = "256" };
}

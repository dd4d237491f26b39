using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class AlexNetTests
{
    [TestMethod]
    public void StateDict_UsesTorchvisionKeys()
    {
        using var network = ArchitectureRegistry.Create("alexnet", new ModelSpec(3, 1000));
        CollectionAssert.AreEqual(
            new[] { "features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias", "features.6.weight", "features.6.bias",
                    "features.8.weight", "features.8.bias", "features.10.weight", "features.10.bias", "classifier.1.weight", "classifier.1.bias",
                    "classifier.4.weight", "classifier.4.bias", "classifier.6.weight", "classifier.6.bias" },
            network.state_dict().Keys.ToArray());
    }

    [TestMethod]
    public void Create_ClassifierWidth_SetsHiddenWidth()
    {
        var settings = new Dictionary<string, string> { ["classifier_width"] = "256" };
        using var network = ArchitectureRegistry.Create("alexnet", new ModelSpec(3, 10, Settings: settings));
        // 2,469,696 convolution parameters + 9216·256+256 + 256·256+256 + 256·10+10.
        Assert.AreEqual(2_469_696L + 2_359_552 + 65_792 + 2_570, network.parameters().Sum(p => p.numel()));
    }

    /// <summary>63: 1×1 map replicated to 6×6; 100: 2×2 pooled to 6×6 (overlapping bins); 224: identity.</summary>
    [TestMethod]
    [DataRow(63)]
    [DataRow(100)]
    [DataRow(224)]
    public void ExportBare_AdaptivePoolAtAnySize_OnnxRuntimeMatchesTorchSharp(int size)
    {
        var settings = new Dictionary<string, string> { ["classifier_width"] = "64" };
        OnnxParityTests.AssertBareParity(ArchitectureRegistry.Get("alexnet"), new ModelSpec(1, 5, size, settings), batch: 2);
    }
}

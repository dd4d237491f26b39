using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class LeNetTests
{
    /// <summary>The keys of the PyTorch peer models (peer_models.py): an nn.Sequential for LeNet-5, named layers for CifarNet.</summary>
    [TestMethod]
    [DataRow("lenet5", 1, "0,3,7,9,11")]
    [DataRow("lenet5_relu", 1, "0,3,7,9,11")]
    [DataRow("cifarnet", 3, "conv1,conv2,fc1,fc2,fc3")]
    public void StateDict_EveryVariant_UsesPeerKeys(string name, int channels, string layers)
    {
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(channels, 10));
        var expected = layers.Split(',').SelectMany(layer => new[] { layer + ".weight", layer + ".bias" }).ToArray();
        CollectionAssert.AreEqual(expected, network.state_dict().Keys.ToArray());
    }

    [TestMethod]
    [DataRow("lenet5", 12)]
    [DataRow("lenet5_relu", 45)]
    [DataRow("cifarnet", 16)]
    public void ExportBare_OtherSizes_FlattenedSizeFollowsInput(string name, int size) =>
        OnnxParityTests.AssertBareParity(ArchitectureRegistry.Get(name), new ModelSpec(1, 4, size), batch: 2);

    [TestMethod]
    public void Create_BelowMinimumSize_FailsNamingMinimum()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ArchitectureRegistry.Create("lenet5", new ModelSpec(1, 10, 11)));
        StringAssert.Contains(error.Message, "12×12");
    }
}

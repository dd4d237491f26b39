using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class SeResNetTests
{
    [TestMethod]
    public void StateDict_SeResNet18_HasSqueezeExcitationKeysInEveryBlock()
    {
        using var network = ArchitectureRegistry.Create("se_resnet18", new ModelSpec(3, 10));
        var shapes = network.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        CollectionAssert.AreEqual(new long[] { 4, 64, 1, 1 }, shapes["layer1.0.se.fc1.weight"]);
        CollectionAssert.AreEqual(new long[] { 512, 32, 1, 1 }, shapes["layer4.1.se.fc2.weight"]);
        Assert.AreEqual(8 * 4, shapes.Keys.Count(k => k.Contains(".se.")));
    }

    [TestMethod]
    public void Create_SeReductionSetting_ChangesHiddenWidth()
    {
        var settings = new Dictionary<string, string> { ["se_reduction"] = "4" };
        using var network = ArchitectureRegistry.Create("se_resnet18_cifar", new ModelSpec(3, 10, Settings: settings));
        CollectionAssert.AreEqual(new long[] { 16, 64, 1, 1 }, network.state_dict()["layer1.0.se.fc1.weight"].shape);
    }

    [TestMethod]
    public void ExportBare_SeResNet_WritesSqueezeExcitationGraph()
    {
        using var network = ArchitectureRegistry.Create("se_resnet18_cifar", new ModelSpec(3, 10, 16));
        var model = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExporter.ExportBare(network, 3, 16, 16));
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.AreEqual(8, ops.Count(o => o == "Sigmoid"));
        Assert.AreEqual(8, ops.Count(o => o == "Mul"));
        Assert.AreEqual(8 + 1, ops.Count(o => o == "GlobalAveragePool"));
        Assert.IsTrue(model.Graph.Initializer.Any(i => i.Name == "layer3.1.se.fc2.bias"));
    }
}

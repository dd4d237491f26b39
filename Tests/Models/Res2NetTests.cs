using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class Res2NetTests
{
    [TestMethod]
    public void StateDict_Res2Net50_UsesTimmKeys()
    {
        using var network = ArchitectureRegistry.Create("res2net50_26w_4s", new ModelSpec(3, 1000));
        var shapes = network.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        CollectionAssert.AreEqual(new long[] { 104, 64, 1, 1 }, shapes["layer1.0.conv1.weight"]);
        CollectionAssert.AreEqual(new long[] { 26, 26, 3, 3 }, shapes["layer1.0.convs.2.weight"]);
        CollectionAssert.AreEqual(new long[] { 208 }, shapes["layer4.2.bns.0.running_var"]);
        CollectionAssert.AreEqual(new long[] { 2048, 832, 1, 1 }, shapes["layer4.2.conv3.weight"]);
        Assert.IsFalse(shapes.ContainsKey("layer1.0.convs.3.weight"));
    }

    [TestMethod]
    public void Create_Res2Net18Cifar_BasicStyleBlocksKeepPlanes()
    {
        using var network = ArchitectureRegistry.Create("res2net18_cifar", new ModelSpec(3, 10));
        var shapes = network.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        CollectionAssert.AreEqual(new long[] { 64, 104, 1, 1 }, shapes["layer1.1.conv3.weight"]);
        CollectionAssert.AreEqual(new long[] { 10, 512 }, shapes["fc.weight"]);
        using var logits = network.forward(randn(2, 3, 32, 32));
        CollectionAssert.AreEqual(new long[] { 2, 10 }, logits.shape);
    }

    [TestMethod]
    public void ExportBare_Res2Net_SplitsAndConcatenatesInEveryBlock()
    {
        using var network = ArchitectureRegistry.Create("res2net18_cifar", new ModelSpec(3, 10, 16));
        var model = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExporter.ExportBare(network, 3, 16, 16));
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();
        Assert.AreEqual(8, ops.Count(o => o == "Split"));
        Assert.AreEqual(8, ops.Count(o => o == "Concat"));
        Assert.AreEqual(3, ops.Count(o => o == "AveragePool")); // stride-2 first blocks of layer2–4 pool their last split (layer1 keeps width and stride)
        Assert.IsTrue(model.Graph.Initializer.Any(i => i.Name.StartsWith("layer2.1.convs.1.weight")));
    }

    [TestMethod]
    public void Create_ScaleSetting_ChangesSplits()
    {
        var settings = new Dictionary<string, string> { ["scale"] = "2", ["base_width"] = "16" };
        using var network = ArchitectureRegistry.Create("res2net18_cifar", new ModelSpec(3, 10, Settings: settings));
        var keys = network.state_dict().Keys.ToHashSet();
        Assert.Contains("layer1.0.convs.0.weight", keys);
        Assert.DoesNotContain("layer1.0.convs.1.weight", keys);
        CollectionAssert.AreEqual(new long[] { 32, 64, 1, 1 }, network.state_dict()["layer1.0.conv1.weight"].shape);
    }
}

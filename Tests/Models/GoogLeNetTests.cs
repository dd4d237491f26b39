using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;
using MlNetCnn.Tests.Support;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class GoogLeNetTests
{
    [TestMethod]
    public void Children_GoogLeNet_AreTorchvisionsInOrder()
    {
        using var network = ArchitectureRegistry.Create("googlenet", new ModelSpec(3, 1000));
        string[] expected =
        {
            "conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3", "inception4a", "inception4b",
            "inception4c", "inception4d", "inception4e", "maxpool4", "inception5a", "inception5b", "avgpool", "dropout", "fc",
        };
        CollectionAssert.AreEqual(expected, network.named_children().Select(c => c.name).ToArray());
    }

    [TestMethod]
    public void StateDict_GoogLeNet_UsesTorchvisionKeys() =>
        NetworkAssert.StateDictHas("googlenet", 344, // 57 BasicConv2d × 6 + fc 2 (torchvision without aux1, aux2)
            "conv1.conv.weight", "conv1.bn.running_var", "inception3a.branch1.conv.weight",
            "inception3a.branch2.1.bn.num_batches_tracked", "inception4e.branch3.1.conv.weight",
            "inception5b.branch4.1.bn.bias", "fc.weight", "fc.bias");

    [TestMethod]
    public void Create_Cifar_HasThreeByThreeStemAndNoEarlyPools()
    {
        using var network = ArchitectureRegistry.Create("googlenet_cifar", new ModelSpec(1, 10));
        var children = network.named_children().Select(c => c.name).ToList();
        CollectionAssert.DoesNotContain(children, "maxpool1");
        CollectionAssert.DoesNotContain(children, "maxpool2");
        CollectionAssert.AreEqual(new long[] { 64, 1, 3, 3 }, network.state_dict()["conv1.conv.weight"].shape);
        using var logits = network.forward(randn(2, 1, 32, 32));
        CollectionAssert.AreEqual(new long[] { 2, 10 }, logits.shape);
    }

    [TestMethod]
    public void ExportBare_WithoutFolding_WritesBatchNormEpsilonOfGoogLeNet()
    {
        using var network = ArchitectureRegistry.Create("googlenet_cifar", new ModelSpec(3, 10, 16));
        Assert.IsTrue(network.modules().OfType<BatchNorm2d>().All(bn => Math.Abs(bn.eps - 1e-3) < 1e-12));
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.ExportBare(network, 3, 16, 16, foldBatchNorm: false));
        var epsilons = model.Graph.Node.Where(n => n.OpType == "BatchNormalization")
            .Select(n => n.Attribute.Single(a => a.Name == "epsilon").F).ToList();
        Assert.HasCount(57, epsilons);
        Assert.IsTrue(epsilons.All(e => e == 1e-3f));
    }

    [TestMethod]
    public void Create_GoogLeNet_DrawsTorchvisionsNormalWeights()
    {
        // Guards against TorchSharp 0.107's trunc_normal_, which fills the tensor with the standard deviation.
        using var network = ArchitectureRegistry.Create("googlenet", new ModelSpec(3, 10));
        var weight = network.state_dict()["inception4a.branch2.1.conv.weight"];
        Assert.AreEqual(0.01, weight.std().item<float>(), 0.001);
        Assert.AreEqual(0.0, weight.mean().item<float>(), 0.001);
    }
}

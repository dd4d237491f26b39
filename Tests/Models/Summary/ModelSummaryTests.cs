using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Summary;

namespace MlNetCnn.Tests.Models.Summary;

[TestClass]
public sealed class ModelSummaryTests
{
    [TestMethod]
    [DataRow("resnet18", 1000, 224, 1_814_073_344L)]      // torchvision resnet18: 1.814 GMACs (peer README: 1813.6 M)
    [DataRow("resnet18_cifar", 10, 32, 555_422_720L)]     // peer README ResNet-18 CIFAR: 555.4 M
    [DataRow("se_resnet18_cifar", 10, 32, 555_509_760L)]  // peer README SE-ResNet-18 CIFAR: 555.5 M (ResNet-18 CIFAR + 2 × C × C/16 per block)
    public void Create_PublishedNetworks_MultiplyAddsEqualPublished(string name, int classes, int size, long expected)
    {
        var summary = ModelSummary.Create(name, new ModelSpec(3, classes, size));
        Assert.AreEqual(expected, summary.MultiplyAdds);
    }

    [TestMethod]
    public void Create_ResNet18_RowsNameLayersByStateDictPath()
    {
        var summary = ModelSummary.Create("resnet18", new ModelSpec(3, 1000, 224));
        Assert.AreEqual(11_181_642L + 990 * 513, summary.TotalParameters);
        Assert.AreEqual(summary.TotalParameters, summary.TrainableParameters);
        Assert.AreEqual(summary.TotalParameters, summary.Layers.Sum(l => l.Parameters));

        var first = summary.Layers[0];
        Assert.AreEqual(("conv1", "Conv2d", 9408L, 118_013_952L), (first.Name, first.Type, first.Parameters, first.MultiplyAdds));
        CollectionAssert.AreEqual(new long[] { 1, 64, 112, 112 }, first.OutputShape);
        var downsample = summary.Layers.Single(l => l.Name == "layer2.0.downsample.1");
        Assert.AreEqual(("BatchNorm2d", 256L, 0L), (downsample.Type, downsample.Parameters, downsample.MultiplyAdds));
        CollectionAssert.AreEqual(new long[] { 1, 512, 1, 1 }, summary.Layers.Single(l => l.Name == "avgpool").OutputShape);
        var fc = summary.Layers[^1];
        Assert.AreEqual(("fc", 513_000L, 512_000L), (fc.Name, fc.Parameters, fc.MultiplyAdds));
    }

    [TestMethod]
    public void ToString_ResNet18Cifar_ListsLayersAndTotals()
    {
        string table = ModelSummary.Create("resnet18_cifar", new ModelSpec(3, 10, 32)).ToString();
        StringAssert.Contains(table, "layer4.1.conv2");
        StringAssert.Contains(table, "[1, 512, 4, 4]");
        StringAssert.Contains(table, "Total parameters: 11,173,962");
        StringAssert.Contains(table, "Multiply-adds per image: 555,422,720 (555.4 M)");
    }

    [TestMethod]
    public void Create_NetworkInTrainingMode_LeavesModeAndStatisticsUnchanged()
    {
        using var network = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 10, 16));
        ModelSummary.Create(network, 3, 16, 16);
        Assert.IsTrue(network.training);
        Assert.AreEqual(0L, network.state_dict()["bn1.num_batches_tracked"].item<long>()); // no BatchNorm ran in training mode
    }
}

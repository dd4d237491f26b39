using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Summary;

namespace MlNetCnn.Tests.Models.Summary;

[TestClass]
public sealed class ModelSummaryTests
{
    [TestMethod]
    public void Create_ResNet18_RowsNameLayersByStateDictPath()
    {
        var summary = ModelSummary.Create("resnet18", new ModelSpec(3, 1000, 224));
        var published = ArchitectureRegistry.Get("resnet18").References.Single(r => r.At.NumClasses == 1000 && r.At.ImageSize == 224);
        Assert.AreEqual(published.Parameters, summary.TotalParameters);
        Assert.AreEqual(published.MultiplyAdds, summary.MultiplyAdds);
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

using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.DataSets.Downloads;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class DataSetCatalogTests
{
    [TestMethod]
    public void LoadFrom_LocalCsv_ReadsTheList()
    {
        using var files = new DataSetTestFiles();
        files.Write("a.png", [1]);
        string list = files.Write("list.csv", "a.png,cat\n"u8.ToArray());

        ImageDataSet data = DataSetCatalog.Get("csv").LoadFrom(new MLContext(), DataSetLocation.Local(list), DataSetSplit.Train);

        Assert.AreEqual(1, data.Count);
        CollectionAssert.AreEqual(new[] { "cat" }, data.ClassNames.ToArray());
    }

    [TestMethod]
    public void Locate_DownloadOfFolderSource_ThrowsListingTheDownloadableSources()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(
            () => DataSetCatalog.Get("folder").Locate(DataSetLocation.Downloaded()));

        StringAssert.Contains(e.Message, "cifar10, mnist, fashion-mnist");
        StringAssert.Contains(e.Message, "one sub-folder per class");
    }

    [TestMethod]
    public void All_ClassicSets_DownloadTheirPublicTables()
    {
        Assert.AreSame(PublicDataSets.Cifar10, DataSetCatalog.Get("cifar10").Files);
        Assert.AreSame(PublicDataSets.Mnist, DataSetCatalog.Get("mnist").Files);
        Assert.AreSame(PublicDataSets.FashionMnist, DataSetCatalog.Get("fashion-mnist").Files);
        Assert.AreEqual("cifar-10-batches-bin", PublicDataSets.Cifar10.DataFolder);
    }
}

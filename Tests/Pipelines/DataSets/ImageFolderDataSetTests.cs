using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Tests.Transforms;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class ImageFolderDataSetTests
{
    [TestMethod]
    public void Load_TinyFolder_InterleavesClassesAndReadsFileBytes()
    {
        using var files = new DataSetTestFiles();
        byte[][] images = [.. Enumerable.Range(1, 3).Select(TestImages.Png)];
        files.Write("dog/a.png", images[0]);
        files.Write("dog/nested/b.jpg", images[1]);
        files.Write("cat/c.PNG", images[2]);
        files.Write("cat/notes.txt", [4]);

        ImageDataSet data = ImageFolderDataSet.Load(new MLContext(), files.Root);
        List<ImageRow> rows = DataSetTestFiles.Rows(data);

        CollectionAssert.AreEqual(new[] { "cat", "dog" }, data.ClassNames.ToArray());
        Assert.AreEqual(3, data.Count);
        CollectionAssert.AreEqual(new[] { "cat", "dog", "dog" }, rows.Select(r => r.Label).ToArray());
        CollectionAssert.AreEqual(images[2], rows[0].Image);
        CollectionAssert.AreEqual(images[0], rows[1].Image);
        CollectionAssert.AreEqual(images[1], rows[2].Image);
        Assert.IsEmpty(data.Skipped);
    }

    [TestMethod]
    public void Load_ShippedSubset_HasBalancedRealImages()
    {
        ImageDataSet train = ImageFolderDataSet.Load(new MLContext(), Path.Combine(DataSetTestFiles.ShippedSubset, "train"));
        ImageDataSet test = ImageFolderDataSet.Load(new MLContext(), Path.Combine(DataSetTestFiles.ShippedSubset, "test"), limit: 20);
        List<ImageRow> rows = DataSetTestFiles.Rows(test);

        Assert.AreEqual(2500, train.Count);
        CollectionAssert.AreEqual(Cifar10Files.DefaultClassNames.ToArray(), train.ClassNames.ToArray());
        Assert.AreEqual(20, rows.Count);
        Assert.AreEqual(2, rows.Count(r => r.Label == "cat"));
    }

    [TestMethod]
    public void Load_ShippedSubsetCatZero_IsTestRecordZero()
    {
        string path = Path.Combine(DataSetTestFiles.ShippedSubset, "train", "cat", "0.png");

        var pixel = DataSetTestFiles.Pixel(File.ReadAllBytes(path), 0, 0);

        Assert.AreEqual((158, 112, 49), ((int)pixel.R, (int)pixel.G, (int)pixel.B));
    }

    [TestMethod]
    public void Load_NoClassFolder_NamesTheFolder()
    {
        using var files = new DataSetTestFiles();
        files.Write("a.png", [1]);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageFolderDataSet.Load(new MLContext(), files.Root));

        StringAssert.Contains(e.Message, files.Root);
    }

    [TestMethod]
    public void Load_MissingFolder_NamesTheFolder()
    {
        string missing = Path.Combine(Path.GetTempPath(), "mlnetcnn-no-such-folder");

        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => ImageFolderDataSet.Load(new MLContext(), missing));

        StringAssert.Contains(e.Message, missing);
    }
}

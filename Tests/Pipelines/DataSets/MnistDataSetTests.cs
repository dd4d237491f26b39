using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class MnistDataSetTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void LoadMnist_TinyIdxFiles_ReturnsDigitLabelsAndGreyImages(bool gzip)
    {
        using var files = new DataSetTestFiles();
        files.Write("t10k-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(7, 2, 9), gzip);
        files.Write("t10k-images-idx3-ubyte", DataSetTestFiles.IdxImages(3), gzip);

        ImageDataSet data = MnistDataSet.LoadMnist(new MLContext(), files.Root, DataSetSplit.Test);
        List<ImageRow> rows = DataSetTestFiles.Rows(data);

        Assert.AreEqual(3, data.Count);
        CollectionAssert.AreEqual(new[] { "7", "2", "9" }, rows.Select(r => r.Label).ToArray());
        var pixel = DataSetTestFiles.Pixel(rows[2].Image, 2, 1);
        Assert.AreEqual((41, 41, 41), ((int)pixel.R, (int)pixel.G, (int)pixel.B));
    }

    [TestMethod]
    public void LoadFashionMnist_Limit_ReturnsFashionNamesOfTheFirstImages()
    {
        using var files = new DataSetTestFiles();
        files.Write("train-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(0, 9, 3), gzip: true);
        files.Write("train-images-idx3-ubyte", DataSetTestFiles.IdxImages(3));

        ImageDataSet data = MnistDataSet.LoadFashionMnist(new MLContext(), files.Root, DataSetSplit.Train, limit: 2);

        Assert.AreEqual("Ankle boot", data.ClassNames[9]);
        CollectionAssert.AreEqual(new[] { "T-shirt/top", "Ankle boot" }, DataSetTestFiles.Rows(data).Select(r => r.Label).ToArray());
    }

    [TestMethod]
    public void LoadMnist_WrongImageMagic_NamesTheFileAndBothNumbers()
    {
        using var files = new DataSetTestFiles();
        files.Write("t10k-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(1));
        string images = files.Write("t10k-images-idx3-ubyte", DataSetTestFiles.IdxImages(1, magic: 2049));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => MnistDataSet.LoadMnist(new MLContext(), files.Root, DataSetSplit.Test));

        StringAssert.Contains(e.Message, images);
        StringAssert.Contains(e.Message, "expected magic number 2051, got 2049");
    }

    [TestMethod]
    public void LoadMnist_TruncatedImages_NamesTheFileAndSizes()
    {
        using var files = new DataSetTestFiles();
        files.Write("t10k-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(1, 2));
        string images = files.Write("t10k-images-idx3-ubyte", DataSetTestFiles.IdxImages(2)[..^1], gzip: true);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => MnistDataSet.LoadMnist(new MLContext(), files.Root, DataSetSplit.Test));

        StringAssert.Contains(e.Message, images);
        StringAssert.Contains(e.Message, "expected 28 bytes");
    }

    [TestMethod]
    public void LoadMnist_LabelOutOfRange_NamesTheLabelFile()
    {
        using var files = new DataSetTestFiles();
        string labels = files.Write("t10k-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(1, 12));
        files.Write("t10k-images-idx3-ubyte", DataSetTestFiles.IdxImages(2));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => MnistDataSet.LoadMnist(new MLContext(), files.Root, DataSetSplit.Test));

        StringAssert.Contains(e.Message, labels);
        StringAssert.Contains(e.Message, "label 12 is out of range");
    }

    [TestMethod]
    public void LoadMnist_CountsDiffer_NamesBothFiles()
    {
        using var files = new DataSetTestFiles();
        string labels = files.Write("t10k-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(1, 2, 3));
        string images = files.Write("t10k-images-idx3-ubyte", DataSetTestFiles.IdxImages(2));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => MnistDataSet.LoadMnist(new MLContext(), files.Root, DataSetSplit.Test));

        StringAssert.Contains(e.Message, labels);
        StringAssert.Contains(e.Message, images);
    }

    [TestMethod]
    public void LoadMnist_MissingImages_NamesTheFile()
    {
        using var files = new DataSetTestFiles();
        files.Write("train-labels-idx1-ubyte", DataSetTestFiles.IdxLabels(1));

        var e = Assert.ThrowsExactly<FileNotFoundException>(() => MnistDataSet.LoadMnist(new MLContext(), files.Root, DataSetSplit.Train));

        StringAssert.Contains(e.Message, "train-images-idx3-ubyte");
    }
}

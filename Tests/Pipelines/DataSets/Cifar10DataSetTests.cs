using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class Cifar10DataSetTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Load_ThreeRecordTestBatch_ReturnsLabelsAndLosslessImages(bool gzip)
    {
        using var files = new DataSetTestFiles();
        files.Write("test_batch.bin", DataSetTestFiles.CifarRecords(3, 8, 0), gzip);

        ImageDataSet data = Cifar10DataSet.Load(new MLContext(), files.Root, DataSetSplit.Test);
        List<ImageRow> rows = DataSetTestFiles.Rows(data);

        Assert.AreEqual(3, data.Count);
        CollectionAssert.AreEqual(Cifar10Files.DefaultClassNames.ToArray(), data.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { "cat", "ship", "airplane" }, rows.Select(r => r.Label).ToArray());
        var pixel = DataSetTestFiles.Pixel(rows[1].Image, 31, 31);
        Assert.AreEqual((80, 81, 82), ((int)pixel.R, (int)pixel.G, (int)pixel.B));
    }

    [TestMethod]
    public void Load_TrainWithLimit_ReadsOnlyTheBatchesNeeded()
    {
        using var files = new DataSetTestFiles();
        files.Write("data_batch_1.bin", DataSetTestFiles.CifarRecords(1, 2, 3));
        files.Write("data_batch_2.bin", DataSetTestFiles.CifarRecords(4, 5));
        files.Write("batches.meta.txt", "a\nb\nc\nd\ne\nf\n"u8.ToArray());

        ImageDataSet data = Cifar10DataSet.Load(new MLContext(), files.Root, DataSetSplit.Train, limit: 4);

        Assert.AreEqual(4, data.Count);
        Assert.AreEqual(6, data.ClassNames.Count);
        CollectionAssert.AreEqual(new[] { "b", "c", "d", "e" }, DataSetTestFiles.Rows(data).Select(r => r.Label).ToArray());
    }

    [TestMethod]
    public void Load_MissingBatch_NamesTheFile()
    {
        using var files = new DataSetTestFiles();

        var e = Assert.ThrowsExactly<FileNotFoundException>(() => Cifar10DataSet.Load(new MLContext(), files.Root, DataSetSplit.Test));

        StringAssert.Contains(e.Message, "test_batch.bin.gz");
    }

    [TestMethod]
    public void ReadBatch_TruncatedRecord_NamesTheFileAndSizes()
    {
        using var files = new DataSetTestFiles();
        string path = files.Write("test_batch.bin", DataSetTestFiles.CifarRecords(1, 2)[..^100], gzip: true);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Cifar10Files.ReadBatch(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "truncated");
        StringAssert.Contains(e.Message, "6,146");
    }

    [TestMethod]
    public void ReadBatch_LabelOutOfRange_NamesTheFileAndRecord()
    {
        using var files = new DataSetTestFiles();
        string path = files.Write("test_batch.bin", DataSetTestFiles.CifarRecords(1, 10));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Cifar10Files.ReadBatch(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "record 1: label 10");
    }

    [TestMethod]
    public void ReadBatch_NotGzipData_NamesTheFile()
    {
        using var files = new DataSetTestFiles();
        string path = files.Write("test_batch.bin.gz", DataSetTestFiles.CifarRecords(1));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => Cifar10Files.ReadBatch(path));

        StringAssert.Contains(e.Message, path);
    }
}

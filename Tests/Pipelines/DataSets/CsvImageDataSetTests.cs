using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class CsvImageDataSetTests
{
    [TestMethod]
    public void Load_CsvWithHeader_KeepsListOrderAndReadsRelativeAndQuotedPaths()
    {
        using var files = new DataSetTestFiles();
        files.Write("img/dog 1.png", DataSetTestFiles.Png(1));
        files.Write("img/cat, tabby.png", DataSetTestFiles.Png(2));
        string list = files.Write("lists/train.csv", "path,label\n../img/dog 1.png,dog\n\n\"../img/cat, tabby.png\",cat\n"u8.ToArray());

        ImageDataSet data = CsvImageDataSet.Load(new MLContext(), list);
        List<ImageRow> rows = DataSetTestFiles.Rows(data);

        CollectionAssert.AreEqual(new[] { "cat", "dog" }, data.ClassNames.ToArray());
        Assert.AreEqual(2, data.Count);
        CollectionAssert.AreEqual(new[] { "dog", "cat" }, rows.Select(r => r.Label).ToArray());
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, rows.Select(r => DataSetTestFiles.Pixel(r.Image, 0, 0).R).ToArray());
    }

    [TestMethod]
    public void Load_TsvWithoutHeader_SplitsOnTabsAndKeepsTheFirstRow()
    {
        using var files = new DataSetTestFiles();
        files.Write("a,b.png", DataSetTestFiles.Png(7));
        files.Write("c.png", DataSetTestFiles.Png(8));
        string list = files.Write("list.tsv", "a,b.png\tx\nc.png\ty\n"u8.ToArray());

        ImageDataSet data = CsvImageDataSet.Load(new MLContext(), list, limit: 1);

        Assert.AreEqual(1, data.Count);
        CollectionAssert.AreEqual(new[] { "x", "y" }, data.ClassNames.ToArray());
        Assert.AreEqual(7, DataSetTestFiles.Pixel(DataSetTestFiles.Rows(data)[0].Image, 0, 0).R);
    }

    [TestMethod]
    public void Load_HasHeaderOption_SkipsAnUnknownHeader()
    {
        using var files = new DataSetTestFiles();
        files.Write("c.png", DataSetTestFiles.Png(8));
        string list = files.Write("list.csv", "picture,class\nc.png,y\n"u8.ToArray());

        ImageDataSet data = CsvImageDataSet.Load(new MLContext(), list, new CsvImageListOptions { HasHeader = true });

        CollectionAssert.AreEqual(new[] { "y" }, data.ClassNames.ToArray());
    }

    [TestMethod]
    public void Load_MissingImage_NamesListRowAndPath()
    {
        using var files = new DataSetTestFiles();
        files.Write("c.png", DataSetTestFiles.Png(8));
        string list = files.Write("list.csv", "path,label\nc.png,y\nmissing.png,y\n"u8.ToArray());

        var e = Assert.ThrowsExactly<FileNotFoundException>(() => CsvImageDataSet.Load(new MLContext(), list));

        StringAssert.Contains(e.Message, $"'{list}', row 3: image 'missing.png' not found");
    }

    [TestMethod]
    [DataRow("path,label\nc.png,y,extra\n", "row 2: expected 2 fields (path,label), found 3")]
    [DataRow("c.png\n", "row 1: expected 2 fields (path,label), found 1")]
    [DataRow("c.png,y\n\"c.png,y\n", "row 2: a quoted field is not closed")]
    [DataRow("c.png,\n", "row 1: expected a path and a label, found an empty label")]
    [DataRow("path,label\n", "has no row")]
    public void Load_BadRow_NamesListAndRow(string content, string expected)
    {
        using var files = new DataSetTestFiles();
        files.Write("c.png", DataSetTestFiles.Png(8));
        string list = files.Write("list.csv", System.Text.Encoding.UTF8.GetBytes(content));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => CsvImageDataSet.Load(new MLContext(), list));

        StringAssert.Contains(e.Message, list);
        StringAssert.Contains(e.Message, expected);
    }
}

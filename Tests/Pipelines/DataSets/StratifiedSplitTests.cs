using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class StratifiedSplitTests
{
    [TestMethod]
    public void Split_ThreeClasses_EachClassInProportionAndNoRowInBoth()
    {
        ImageDataSet data = Data(("a", 10), ("b", 4), ("c", 1));

        (ImageDataSet train, ImageDataSet validation) = StratifiedSplit.Split(new MLContext(), data, 0.3, seed: 1);
        List<ImageRow> trainRows = DataSetTestFiles.Rows(train), validationRows = DataSetTestFiles.Rows(validation);

        Assert.AreEqual("a:3 b:1", Counts(validationRows));
        Assert.AreEqual("a:7 b:3 c:1", Counts(trainRows));
        Assert.AreEqual((11, 4), (train.Count, validation.Count));
        CollectionAssert.AreEqual(data.ClassNames.ToArray(), validation.ClassNames.ToArray());
        Assert.AreEqual(0, Ids(trainRows).Intersect(Ids(validationRows)).Count());
        Assert.AreEqual(15, Ids(trainRows).Union(Ids(validationRows)).Count());
    }

    [TestMethod]
    public void Split_SameSeed_SameRows()
    {
        ImageDataSet data = Data(("a", 20), ("b", 20));

        string first = string.Join(",", Ids(DataSetTestFiles.Rows(StratifiedSplit.Split(new MLContext(), data, 0.25, 7).Validation)));
        string again = string.Join(",", Ids(DataSetTestFiles.Rows(StratifiedSplit.Split(new MLContext(), data, 0.25, 7).Validation)));
        string other = string.Join(",", Ids(DataSetTestFiles.Rows(StratifiedSplit.Split(new MLContext(), data, 0.25, 8).Validation)));

        Assert.AreEqual(first, again);
        Assert.AreNotEqual(first, other);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    [DataRow(-0.1)]
    [DataRow(double.NaN)]
    public void Split_FractionOutsideZeroToOne_ThrowsNamingIt(double fraction)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => StratifiedSplit.Split(new MLContext(), Data(("a", 2)), fraction, seed: 1));

        Assert.AreEqual("validationFraction", e.ParamName);
        StringAssert.Contains(e.Message, "strictly between 0 and 1");
    }

    /// <summary>Rows of the given classes; every image is one byte, a running id.</summary>
    private static ImageDataSet Data(params (string Label, int Count)[] classes)
    {
        ImageRow[] rows = classes
            .SelectMany(c => Enumerable.Repeat(c.Label, c.Count))
            .Select((label, i) => new ImageRow { Label = label, Image = [(byte)i] })
            .ToArray();
        return new ImageDataSet(new MLContext().Data.LoadFromEnumerable(rows), classes.Select(c => c.Label).ToArray(), rows.Length, "test rows");
    }

    private static IEnumerable<byte> Ids(List<ImageRow> rows) => rows.Select(r => r.Image[0]);

    private static string Counts(List<ImageRow> rows) =>
        string.Join(" ", rows.GroupBy(r => r.Label).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
}

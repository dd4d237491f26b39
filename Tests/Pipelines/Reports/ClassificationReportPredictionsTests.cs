using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Pipelines.Reports;

[TestClass]
public sealed class ClassificationReportPredictionsTests
{
    [TestMethod]
    public void Evaluate_BulkPredictions_SameReportAsEvaluatingTheTransformedData()
    {
        var trained = TrainedImageModel.Instance;
        var ml = trained.Context;
        var images = TrainedImageModel.TestImages(perClass: 3);
        var expected = ClassificationReport.Evaluate(ml, trained.Model.Transform(ml.Data.LoadFromEnumerable(images)));
        using var scorer = ml.Model.CreateImageClassifierScorer(trained.Model, new() { BatchSize = 7 });

        var actual = ClassificationReport.Evaluate(ml, scorer.ClassNames,
            scorer.Score(images.Select(i => i.ImagePath)).Select(p => ((string?)images[(int)p.Row].Label, p)));

        Assert.AreEqual(expected.ImageCount, actual.ImageCount);
        Assert.AreEqual(expected.Accuracy, actual.Accuracy, 1e-12);
        Assert.AreEqual(expected.LogLoss, actual.LogLoss, 1e-5);
        Assert.AreEqual(expected.TopKAccuracy, actual.TopKAccuracy);
        CollectionAssert.AreEqual(expected.Confusion.SelectMany(r => r).ToArray(), actual.Confusion.SelectMany(r => r).ToArray());
    }
}

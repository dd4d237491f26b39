using MlNetCnn.Pipelines.Reports;
using SixLabors.ImageSharp;

namespace MlNetCnn.Tests.Pipelines.Reports;

[TestClass]
public sealed class TrainingChartsTests
{
    private static string TempPng() => Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.png");

    [TestMethod]
    public void SaveCurves_ThreeEpochs_WritesAPngImage()
    {
        string path = TempPng();
        try
        {
            TrainingCharts.SaveCurves(path, new[] { 1, 2, 3 }, new[] { 2.3, 1.9, 1.5 }, new[] { 0.1, 0.3, 0.5 });
            var info = Image.Identify(path);
            Assert.AreEqual(900, info.Width);
            Assert.AreEqual(520, info.Height);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SaveConfusion_TwoClasses_WritesAPngImage()
    {
        string path = TempPng();
        try
        {
            TrainingCharts.SaveConfusion(path, new[] { new long[] { 5, 1 }, new long[] { 2, 7 } }, new[] { "cat", "dog" });
            Assert.AreEqual(900, Image.Identify(path).Width);
            Assert.IsFalse(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".tmp-*").Any());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SaveConfusion_MatrixNotMatchingClasses_FailsWithTheSizes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            TrainingCharts.SaveConfusion(TempPng(), new[] { new long[] { 5, 1 } }, new[] { "cat", "dog" }));
        StringAssert.Contains(error.Message, "A 2×2 matrix is expected for 2 class names");
    }
}

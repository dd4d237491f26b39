using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers.Training;
using SixLabors.ImageSharp;

namespace MlNetCnn.Tests.Pipelines.Reports;

[TestClass]
public sealed class TrainingChartsTests
{
    private static string TempPng() => Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.png");

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static void AssertPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.IsGreaterThan(PngSignature.Length, bytes.Length);
        CollectionAssert.AreEqual(PngSignature, bytes[..PngSignature.Length]);
        var info = Image.Identify(path);
        Assert.AreEqual(width, info.Width);
        Assert.AreEqual(height, info.Height);
        Assert.IsFalse(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".tmp-*").Any(), "no temporary file left");
    }

    [TestMethod]
    public void SaveCurves_TrainingOnly_WritesAPngImage()
    {
        string path = TempPng();
        try
        {
            TrainingCharts.SaveCurves(path, [new EpochMetrics(1, 2.3, 0.1, 0.1, 1, 1), new EpochMetrics(2, 1.9, 0.3, 0.1, 1, 1), new EpochMetrics(3, 1.5, 0.5, 0.1, 1, 1)]);
            AssertPng(path, 900, 720);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SaveCurves_WithValidation_WritesAPngImageOverAnOldOne()
    {
        string path = TempPng();
        File.WriteAllText(path, "old");
        try
        {
            TrainingCharts.SaveCurves(path,
            [
                new EpochMetrics(1, 2.3, 0.1, 0.1, 1, 1, ValidationLoss: 2.1, ValidationAccuracy: 0.2),
                new EpochMetrics(2, 1.9, 0.3, 0.1, 1, 1, ValidationLoss: 1.8, ValidationAccuracy: 0.35),
            ]);
            AssertPng(path, 900, 720);
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
            AssertPng(path, 900, 820);
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

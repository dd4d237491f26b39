using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Reports;
using MlNetCnn.Tests.Pipelines.Sweeps.Journal;
using SixLabors.ImageSharp;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Reports;

[TestClass]
public sealed class SweepChartsTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static void WriteAndCheck(Action<string> save, (int Width, int Height) size)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.png");
        try
        {
            save(path);
            CollectionAssert.AreEqual(PngSignature, File.ReadAllBytes(path)[..PngSignature.Length]);
            var info = Image.Identify(path);
            Assert.AreEqual(size.Width, info.Width);
            Assert.AreEqual(size.Height, info.Height);
            Assert.IsFalse(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*").Any(), "no temporary file left");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IReadOnlyList<TrialRecord> Trials()
    {
        var trials = SweepReplay.Of(SweepSamples.Entries()).Trials.ToList();
        trials.Add(new TrialRecord
        {
            Id = 9, Config = SweepSamples.Config("vgg11"), State = TrialState.Completed, EpochsRun = 9,
            Rungs = [SweepSamples.Metrics(9, 0.95)], Cost = SweepSamples.Cost(parameters: 9_000_000, latency: 12),
        });
        return trials;
    }

    [TestMethod]
    public void SavePareto_Trials_WritesAPngOfTheDocumentedSize() =>
        WriteAndCheck(path => SweepCharts.SavePareto(path, Trials()), SweepCharts.ParetoSize);

    [TestMethod]
    public void SavePareto_NoCompletedTrial_StillWritesAPng() =>
        WriteAndCheck(path => SweepCharts.SavePareto(path, []), SweepCharts.ParetoSize);

    [TestMethod]
    public void SaveCurves_Trials_WritesAPngOfTheDocumentedSize() =>
        WriteAndCheck(path => SweepCharts.SaveCurves(path, Trials()), SweepCharts.CurvesSize);
}

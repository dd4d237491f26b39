using System.Diagnostics;
using Microsoft.ML;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Tests.Trainers;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Execution;

/// <summary>Trial sessions in real worker processes: the mlnetcnn tool of the test output folder, <c>sweep-worker</c> verb.</summary>
[TestClass]
public sealed class ProcessExecutorTests
{
    private static ProcessStartInfo Tool(params string[] before)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnetcnn.dll"));
        foreach (string argument in before) start.ArgumentList.Add(argument);
        return start;
    }

    [TestMethod]
    public async Task RunAsync_WorkerProcess_SameMetricsAsInProcess()
    {
        using var threads = new TorchThreadsScope();
        var fixture = new SweepFixture();
        var ml = new MLContext(1);
        var raw = TensorRow.Load(ml, 96, SweepFixture.Classes, seed: 3);
        var featurizer = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw);
        string featurizerPath = Path.Combine(fixture.Folder, "featurizer.zip");
        ml.Model.Save(featurizer, raw.Schema, featurizerPath);

        using var inProcess = new InProcessExecutor(TrialData.From(fixture.Data, featurizer, raw.Schema));
        using var workers = new ProcessExecutor(() => Tool(), workers: 2, fixture.DataPath, featurizerPath);
        var here = await inProcess.RunAsync(fixture.Request(1), 0, CancellationToken.None);
        var there = await workers.RunAsync(fixture.Request(2), 1, CancellationToken.None);

        Assert.AreEqual(TrialOutcomeKind.Completed, here.Kind, here.Error);
        Assert.AreEqual(TrialOutcomeKind.Completed, there.Kind, there.Error);
        Assert.AreEqual(TrialRunnerTests.Figures(here.Metrics), TrialRunnerTests.Figures(there.Metrics));
        Assert.AreEqual(here.Cost!.Parameters, there.Cost!.Parameters);
        string folder = fixture.Request(2).Folder;
        Assert.IsTrue(File.Exists(Path.Combine(folder, TrialFiles.Request)));
        var chain = ml.Model.Load(Path.Combine(folder, TrialFiles.Model), out var schema);
        Assert.IsNotNull(chain.GetOutputSchema(raw.Schema).GetColumnOrNull("PredictedLabel"), "model.zip is the featurizer and the classifier");
        Assert.AreEqual(raw.Schema.Count, schema.Count);
    }

    [TestMethod]
    public async Task RunAsync_WorkerThatDiesWithoutOutcome_FailsNamingTheExitCode()
    {
        var fixture = new SweepFixture();
        using var workers = new ProcessExecutor(() => Tool("--no-such-flag"), workers: 1, fixture.DataPath);

        var outcome = await workers.RunAsync(fixture.Request(3), 0, CancellationToken.None);

        Assert.AreEqual(TrialOutcomeKind.Failed, outcome.Kind);
        StringAssert.Contains(outcome.Error, "exited with code 2 without writing outcome.json");
        StringAssert.Contains(outcome.Error, "Unrecognized command or argument '--no-such-flag'");
        string folder = fixture.Request(3).Folder;
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, TrialFiles.WorkerLog)), "--no-such-flag");
        string[] error = File.ReadAllLines(Path.Combine(folder, TrialFiles.Error));
        Assert.AreEqual(outcome.Error, error[0]);
        Assert.IsTrue(error.Any(line => line.Contains("--no-such-flag")), "error.txt holds the worker's last stderr lines");
    }

    [TestMethod]
    public async Task RunAsync_Cancelled_KillsTheWorkerAndThrows()
    {
        var fixture = new SweepFixture();
        using var workers = new ProcessExecutor(() => Tool(), workers: 1, fixture.DataPath);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<OperationCanceledException>(() => workers.RunAsync(fixture.Request(4), 0, cancellation.Token));

        Assert.IsLessThan(TimeSpan.FromSeconds(10), clock.Elapsed);
        Assert.IsNull(TrialFiles.ReadOutcome(fixture.Request(4).Folder));
    }

    [TestMethod]
    public void SweepWorker_UnreadableRequest_ReturnsOneNamingTheFile()
    {
        string path = Path.Combine(new SweepFixture().Folder, "request.json");
        File.WriteAllText(path, "{ not json");
        var error = new StringWriter();

        int exit = SweepWorker.Run(path, error);

        Assert.AreEqual(SweepWorker.NoOutcome, exit);
        StringAssert.Contains(error.ToString(), path);
    }

    [TestMethod]
    public void SweepWorker_MissingDataFile_WritesAFailedOutcome()
    {
        var fixture = new SweepFixture();
        var request = fixture.Request(5);
        Directory.CreateDirectory(request.Folder);
        string path = Path.Combine(request.Folder, TrialFiles.Request);
        TrialFiles.WriteJson(path, new WorkerRequest(request, Path.Combine(fixture.Folder, "missing.mlsweep"), null));

        int exit = SweepWorker.Run(path, new StringWriter());

        Assert.AreEqual(SweepWorker.OutcomeWritten, exit);
        var outcome = TrialFiles.ReadOutcome(request.Folder)!;
        Assert.AreEqual(TrialOutcomeKind.Failed, outcome.Kind);
        StringAssert.Contains(outcome.Error, "missing.mlsweep");
    }
}

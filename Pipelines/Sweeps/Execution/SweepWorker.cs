using System.Diagnostics;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>
/// The worker process's side of <see cref="ProcessExecutor"/> (the <c>sweep-worker --trial FILE</c> verb): loads a
/// <see cref="WorkerRequest"/>, the sweep's data file and featurizer it names, and runs the session with
/// <see cref="TrialRunner"/>, which writes the trial's <c>outcome.json</c>.
/// </summary>
public static class SweepWorker
{
    /// <summary>Exit code when the outcome was written, whatever its kind.</summary>
    public const int OutcomeWritten = 0;

    /// <summary>Exit code when no outcome could be written (the request could not be read).</summary>
    public const int NoOutcome = 1;

    /// <summary>
    /// Runs the session of the request in <paramref name="requestPath"/>. Data or featurizer that cannot be loaded make a
    /// failed outcome; a request that cannot be read is reported on <paramref name="error"/> (stderr when null).
    /// </summary>
    /// <returns><see cref="OutcomeWritten"/> or <see cref="NoOutcome"/>.</returns>
    public static int Run(string requestPath, TextWriter? error = null, CancellationToken cancellation = default)
    {
        error ??= Console.Error;
        WorkerRequest request;
        try
        {
            request = TrialFiles.ReadJson<WorkerRequest>(requestPath);
        }
        catch (Exception e)
        {
            error.WriteLine($"sweep-worker: cannot read the request '{requestPath}': {ErrorText.FirstLine(e)}");
            return NoOutcome;
        }
        var clock = Stopwatch.StartNew();
        TrialData data;
        try
        {
            data = TrialData.Load(request.DataPath, request.FeaturizerPath, request.Trial.Seed);
        }
        catch (Exception e)
        {
            TrialRunner.Record(request.Trial, TrialRunner.Failed(request.Trial, e, TrialRunner.EpochsSoFar(request.Trial), clock.Elapsed.TotalSeconds));
            return OutcomeWritten;
        }
        var outcome = new TrialRunner(data).Run(request.Trial, cancellation);
        error.WriteLine($"sweep-worker: trial {outcome.TrialId} {outcome.Kind} at epoch {outcome.Epoch}{(outcome.Error is null ? "" : ": " + outcome.Error)}");
        return OutcomeWritten;
    }
}

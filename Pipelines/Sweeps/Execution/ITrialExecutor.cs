namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>Runs trial sessions: in this process, one at a time, or in worker processes, several at once.</summary>
public interface ITrialExecutor : IDisposable
{
    /// <summary>How many sessions may run at once.</summary>
    int Workers { get; }

    /// <summary>
    /// Runs one session on worker <paramref name="worker"/> (0 to <see cref="Workers"/> − 1). Errors of the trial are
    /// returned as a failed outcome, not thrown; cancellation throws <see cref="OperationCanceledException"/> after the
    /// session stopped (its last checkpoint kept).
    /// </summary>
    Task<TrialOutcome> RunAsync(TrialRequest request, int worker, CancellationToken cancellation);
}

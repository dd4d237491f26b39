using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>Runs trial sessions one at a time in this process, on a background thread (<see cref="TrialRunner"/>).</summary>
public sealed class InProcessExecutor : ITrialExecutor
{
    private readonly TrialRunner _runner;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Creates an executor for trials on <paramref name="data"/>; <paramref name="epochEnded"/>, when given, hears of every epoch.</summary>
    public InProcessExecutor(TrialData data, Action<int, EpochMetrics>? epochEnded = null) => _runner = new TrialRunner(data, epochEnded);

    /// <inheritdoc/>
    public int Workers => 1;

    /// <inheritdoc/>
    public async Task<TrialOutcome> RunAsync(TrialRequest request, int worker, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNotEqual(worker, 0);
        await _one.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await Task.Factory.StartNew(() => _runner.Run(request, cancellation), cancellation,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _one.Dispose();
}

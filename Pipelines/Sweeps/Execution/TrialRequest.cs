namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>One session of a trial: train it up to <paramref name="PauseAfterEpoch"/> of <paramref name="Epochs"/>.</summary>
/// <param name="TrialId">The trial's number.</param>
/// <param name="Config">What it trains.</param>
/// <param name="Epochs">The run's full length: its learning-rate schedule is always this one's.</param>
/// <param name="PauseAfterEpoch">The rung to stop at; equal to <paramref name="Epochs"/> for the last session.</param>
/// <param name="Folder">The trial's folder: checkpoint, history, error text, model files.</param>
/// <param name="Seed">The sweep's seed (the same for every trial, so trials differ only by their configuration).</param>
/// <param name="Metric">What the trainer monitors to pick the best epoch.</param>
/// <param name="Threads">CPU threads the trial may use; 0 leaves TorchSharp's default.</param>
/// <param name="GpuId">The CUDA device of this trial, or null to let the trainer choose (CUDA 0 when present, else the CPU).</param>
/// <param name="DeadlineUtc">
/// When set and passed at the end of an epoch, the session stops there (after the epoch's checkpoint) as
/// <see cref="TrialOutcomeKind.Stopped"/>: the sweep's time budget, or the trial's own limit.
/// </param>
/// <param name="OneDnnDisabled">
/// True when the sweep's process has switched libtorch's oneDNN off (see <c>CpuConvolutionCheck</c>): a worker process then
/// switches it off too, so that a trial computes alike wherever it runs.
/// </param>
public sealed record TrialRequest(
    int TrialId, TrialConfig Config, int Epochs, int PauseAfterEpoch, string Folder, int Seed, SweepMetric Metric, int Threads, int? GpuId,
    DateTime? DeadlineUtc = null, bool OneDnnDisabled = false)
{
    /// <summary>The checkpoint file in <see cref="Folder"/>: when it exists, the session resumes from it.</summary>
    public string CheckpointPath => Path.Combine(Folder, TrialFiles.Checkpoint);
}

namespace MlNetCnn.Cli.Output;

/// <summary>What training reports besides the test metrics: the epochs and the devices actually used.</summary>
internal sealed record TrainingSummary(
    IReadOnlyList<EpochRecord> History, double TrainSeconds, string TrainingDevice, string ScoringDevice)
{
    /// <summary>The epoch with the highest training accuracy (the history holds no validation metric).</summary>
    public int? BestEpoch => History.Count == 0 ? null : History.MaxBy(e => e.TrainAccuracy)!.Epoch;

    /// <summary>Images per second over all epochs, weighted by their duration.</summary>
    public double? ImagesPerSecond
    {
        get
        {
            double seconds = History.Sum(e => e.Seconds);
            return seconds > 0 ? History.Sum(e => e.ImagesPerSecond * e.Seconds) / seconds : null;
        }
    }
}

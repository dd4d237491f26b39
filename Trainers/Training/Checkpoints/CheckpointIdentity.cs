namespace MlNetCnn.Trainers.Training.Checkpoints;

/// <summary>
/// What a checkpoint must agree on with the run that resumes it: the network, its input and output, and what fixes the
/// order of the steps. A checkpoint that differs in any of these is refused.
/// </summary>
internal sealed record CheckpointIdentity(
    string Architecture, int Channels, int Height, int Width, int ClassCount, int BatchSize, string Optimizer,
    long TrainingRows, long ValidationRows)
{
    /// <summary>How <paramref name="saved"/> differs from this run, one clause a field; empty when it does not.</summary>
    public IReadOnlyList<string> DifferencesFrom(CheckpointIdentity saved)
    {
        var differences = new List<string>();
        void Compare<T>(string what, T mine, T theirs)
        {
            if (!EqualityComparer<T>.Default.Equals(mine, theirs))
                differences.Add($"{what} {theirs} in the checkpoint, {mine} in this run");
        }
        Compare("architecture", Architecture, saved.Architecture);
        Compare("image shape", $"{Channels}×{Height}×{Width}", $"{saved.Channels}×{saved.Height}×{saved.Width}");
        Compare("class count", ClassCount, saved.ClassCount);
        Compare("batch size", BatchSize, saved.BatchSize);
        Compare("optimizer", Optimizer, saved.Optimizer);
        Compare("training rows", TrainingRows, saved.TrainingRows);
        Compare("validation rows", ValidationRows, saved.ValidationRows);
        return differences;
    }
}

/// <summary>The readable part of a checkpoint: who it belongs to, where the run was, and what it had measured.</summary>
/// <param name="FormatVersion">The layout version of the file.</param>
/// <param name="Identity">The run it belongs to.</param>
/// <param name="Epoch">The last finished epoch.</param>
/// <param name="History">Every epoch's metrics up to <paramref name="Epoch"/>.</param>
/// <param name="BestEpoch">The best epoch so far by the monitored metric (0 without validation).</param>
/// <param name="BestValue">Its monitored value.</param>
/// <param name="EpochsWithoutImprovement">Early stopping's count at <paramref name="Epoch"/>.</param>
/// <param name="SavedUtc">When it was written.</param>
/// <param name="AveragedEpochs">Epochs in the weight average so far (0 without weight averaging).</param>
internal sealed record CheckpointHeader(
    int FormatVersion, CheckpointIdentity Identity, int Epoch, IReadOnlyList<EpochMetrics> History,
    int BestEpoch, double BestValue, int EpochsWithoutImprovement, DateTime SavedUtc, int AveragedEpochs = 0)
{
    /// <summary>Format 2 added the weight average after the best weights.</summary>
    public const int CurrentFormat = 2;
}

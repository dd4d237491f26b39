namespace MlNetCnn.Cli.Training;

/// <summary>The one line the tool prints when Ctrl+C stops a training run.</summary>
internal static class TrainingCancellation
{
    /// <summary>
    /// How far the run got and, when a checkpoint file exists, how to go on:
    /// <c>cancelled after epoch 3; checkpoint run.mlnc is intact — resume with --resume run.mlnc</c>.
    /// </summary>
    /// <param name="completedEpoch">The last epoch whose steps all ran; null when none did.</param>
    /// <param name="runningEpoch">The epoch training was in; null when it had not started.</param>
    /// <param name="checkpoint">The run's checkpoint file (<c>--checkpoint</c>), or null.</param>
    /// <param name="resumedFrom">The checkpoint the run resumed from (<c>--resume</c>), or null.</param>
    public static string Message(int? completedEpoch, int? runningEpoch, string? checkpoint, string? resumedFrom)
    {
        string when = completedEpoch is { } done ? $"cancelled after epoch {done}"
            : runningEpoch is { } running ? $"cancelled during epoch {running}"
            : "cancelled before training";
        if (new[] { checkpoint, resumedFrom }.FirstOrDefault(File.Exists) is { } intact)
            return $"{when}; checkpoint {intact} is intact — resume with --resume {intact}";
        return checkpoint is null ? when : $"{when}; no checkpoint written yet to {checkpoint}";
    }
}

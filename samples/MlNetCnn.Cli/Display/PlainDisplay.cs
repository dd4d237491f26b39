using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Cli.Display;

/// <summary>
/// Training progress as plain lines, for logs and CI: one line at the end of every epoch (validation included) and, with
/// <c>verbose</c>, one every tenth of an epoch (see <see cref="ProgressLines"/> for their format).
/// </summary>
internal sealed class PlainDisplay(TextWriter error, bool verbose) : TrainingDisplay
{
    /// <inheritdoc/>
    protected override void Show(TrainingProgress progress)
    {
        if (progress.Completed is { } epoch)
            error.WriteLine(ProgressLines.EpochEnd(progress, epoch));
        else if (verbose && progress.Step < progress.Steps && ProgressLines.EndsATenth(progress.Step, progress.Steps))
            error.WriteLine(ProgressLines.Step(progress));
    }
}

using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Cli.Display;

/// <summary>
/// Shows training on stderr as the trainer reports it, and remembers how far the run got (for the message when it is
/// cancelled). Reports are shown synchronously on the training thread — not posted to the thread pool as
/// <see cref="Progress{T}"/> does — so lines come out in order and all of them before <c>Fit</c> returns.
/// </summary>
/// <remarks>Also compiled into the quick start sample; it depends on nothing else of the tool.</remarks>
internal abstract class TrainingDisplay : IProgress<TrainingProgress>
{
    /// <summary>The last epoch that finished (validation included), or null before the first has.</summary>
    public int? LastCompletedEpoch { get; private set; }

    /// <summary>The epoch of the last report, or null before training started.</summary>
    public int? CurrentEpoch { get; private set; }

    /// <summary>
    /// The display for stderr: nothing with <paramref name="quiet"/>; a live progress bar when <paramref name="error"/> is
    /// the process's stderr and that is an interactive terminal; otherwise plain lines, one per epoch and, with
    /// <paramref name="verbose"/>, one every tenth of an epoch.
    /// </summary>
    public static TrainingDisplay For(TextWriter error, bool quiet, bool verbose, bool errorIsConsole) =>
        quiet ? new QuietDisplay()
        : errorIsConsole && LiveDisplay.TryCreate() is { } live ? live
        : new PlainDisplay(error, verbose);

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        CurrentEpoch = value.Epoch;
        if (value.Completed is not null)
            LastCompletedEpoch = value.Epoch;
        Show(value);
    }

    /// <summary>Runs <paramref name="training"/> (which reports to this display) while the display is up.</summary>
    public virtual T Run<T>(Func<T> training) => training();

    /// <summary>Shows one report.</summary>
    protected abstract void Show(TrainingProgress progress);

    private sealed class QuietDisplay : TrainingDisplay
    {
        protected override void Show(TrainingProgress progress) { }
    }
}

using MlNetCnn.Trainers.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MlNetCnn.Cli.Display;

/// <summary>
/// Training progress as a live bar on an interactive stderr (Spectre.Console): the running epoch's bar with step/steps,
/// loss, accuracy, learning rate, images/s and ETA, and above it one line per finished epoch, which stays when the bar
/// goes away.
/// </summary>
internal sealed class LiveDisplay : TrainingDisplay
{
    private readonly IAnsiConsole _console;
    private ProgressContext? _context;
    private ProgressTask? _bar;

    private LiveDisplay(IAnsiConsole console) => _console = console;

    /// <summary>The live display, or null when stderr is redirected or not an interactive terminal that understands ANSI.</summary>
    public static LiveDisplay? TryCreate() => InteractiveConsole.ForStandardError() is { } console ? new LiveDisplay(console) : null;

    /// <inheritdoc/>
    public override T Run<T>(Func<T> training) =>
        new Spectre.Console.Progress(_console) { AutoClear = true }
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new FiguresColumn())
            .Start(context =>
            {
                _context = context;
                try
                {
                    return training();
                }
                finally
                {
                    _context = null;
                    _bar = null;
                }
            });

    /// <inheritdoc/>
    protected override void Show(TrainingProgress progress)
    {
        if (_context is not { } context)
            return;
        if (_bar?.Tag is not TrainingProgress shown || shown.Epoch != progress.Epoch)
        {
            if (_bar is not null)
                context.RemoveTask(_bar);
            _bar = context.AddTask(ProgressLines.EpochLabel(progress), maxValue: progress.Steps);
        }
        _bar.Tag = progress;
        _bar.Value = progress.Step;
        if (progress.Completed is { } epoch)
            _console.WriteLine(ProgressLines.EpochEnd(progress, epoch)); // written above the live bar
    }

    /// <summary>The figures of the bar's last report.</summary>
    private sealed class FiguresColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag is TrainingProgress progress ? ProgressLines.StepFigures(progress) : "");
    }
}

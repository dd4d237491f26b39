using System.Diagnostics;
using MlNetCnn.Cli.Display;
using Spectre.Console;
using static System.FormattableString;

namespace MlNetCnn.Cli.Output;

/// <summary>
/// Progress of bulk scoring on stderr: a live bar (images scored of the total, rate, ETA) on an interactive terminal, plain
/// lines at every tenth of a long run (<see cref="PlainLinesFrom"/> images or more) otherwise, nothing with <c>--quiet</c>.
/// </summary>
internal sealed class ScoringDisplay(TextWriter error, bool quiet, bool errorIsConsole)
{
    /// <summary>Runs shorter than this print no plain progress lines.</summary>
    public const int PlainLinesFrom = 1000;

    /// <summary>Runs <paramref name="scoring"/>, which reports how many images it has scored so far, while the display is up.</summary>
    public T Run<T>(string label, int total, Func<Action<int>, T> scoring)
    {
        if (quiet)
            return scoring(_ => { });
        if (errorIsConsole && InteractiveConsole.ForStandardError() is { } console)
            return new Spectre.Console.Progress(console) { AutoClear = true }
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask(label, maxValue: Math.Max(total, 1));
                    return scoring(done => bar.Value = done);
                });
        if (total < PlainLinesFrom)
            return scoring(_ => { });
        var clock = Stopwatch.StartNew();
        int lastTenth = 0;
        return scoring(done =>
        {
            int tenth = (int)(done * 10L / total);
            if (tenth <= lastTenth)
                return;
            lastTenth = tenth;
            error.WriteLine(Invariant($"{label}: {done:N0}/{total:N0} images, {done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} images/s"));
        });
    }
}

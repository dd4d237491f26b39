using System.CommandLine;
using MlNetCnn.Cli.Display;
using MlNetCnn.Cli.Output;

namespace MlNetCnn.Cli;

/// <summary>One run of the tool: where results and progress go, what stops it, and the options every verb takes.</summary>
/// <param name="output">Results (stdout).</param>
/// <param name="error">Progress and errors (stderr).</param>
/// <param name="errorIsConsole">Whether <paramref name="error"/> is the process's stderr (then a terminal gets a live progress bar).</param>
/// <param name="cancellation">Cancelled by Ctrl+C: training stops at the next step.</param>
internal sealed class CliSession(TextWriter output, TextWriter error, bool errorIsConsole, CancellationToken cancellation)
{
    /// <summary>Results (stdout).</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Progress and errors (stderr).</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "No progress on stderr; results still go to stdout.",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "More progress (plain progress: a line every tenth of an epoch), and the stack trace of a failure.",
        Recursive = true,
    };

    /// <summary>Progress for the parsed command line.</summary>
    public Progress ProgressFor(ParseResult parsed) => new(Error, parsed.GetValue(Quiet), parsed.GetValue(Verbose));

    /// <summary>The display of bulk-scoring progress for the parsed command line (see <see cref="ScoringDisplay"/>).</summary>
    public ScoringDisplay ScoringDisplayFor(ParseResult parsed) => new(Error, parsed.GetValue(Quiet), errorIsConsole);

    /// <summary>The training display for the parsed command line (see <see cref="Display.TrainingDisplay.For"/>).</summary>
    public TrainingDisplay TrainingDisplayFor(ParseResult parsed) =>
        TrainingDisplay.For(Error, parsed.GetValue(Quiet), parsed.GetValue(Verbose), errorIsConsole);
}

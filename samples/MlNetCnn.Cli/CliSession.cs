using System.CommandLine;

namespace MlNetCnn.Cli;

/// <summary>One run of the tool: where results and progress go, and the options every verb takes.</summary>
internal sealed class CliSession(TextWriter output, TextWriter error)
{
    /// <summary>Results (stdout).</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Progress and errors (stderr).</summary>
    public TextWriter Error { get; } = error;

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "No progress on stderr; results still go to stdout.",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "More progress, and the stack trace of a failure.",
        Recursive = true,
    };

    /// <summary>Progress for the parsed command line.</summary>
    public Progress ProgressFor(ParseResult parsed) => new(Error, parsed.GetValue(Quiet), parsed.GetValue(Verbose));
}

namespace MlNetCnn.Cli;

/// <summary>Progress messages on stderr, silenced by <c>--quiet</c>; details only with <c>--verbose</c>.</summary>
internal sealed class Progress(TextWriter error, bool quiet, bool verbose)
{
    public void Report(string message)
    {
        if (!quiet)
            error.WriteLine(message);
    }

    public void Detail(string message)
    {
        if (verbose && !quiet)
            error.WriteLine(message);
    }
}

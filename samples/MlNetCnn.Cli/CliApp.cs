using System.CommandLine;
using MlNetCnn.Cli.Commands;

namespace MlNetCnn.Cli;

/// <summary>
/// The <c>mlnetcnn</c> tool (described in the README, "The command line"): parses the command line, runs the verb and maps the
/// outcome to the exit code — 0 success, 2 bad arguments (message names the flag), 130 cancelled (Ctrl+C), 1 any other failure.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failure other than bad arguments.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>Exit code of a run stopped by <c>cancellation</c> (Ctrl+C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Runs the tool in-process; results go to <paramref name="output"/>, progress and errors to <paramref name="error"/>
    /// (the console's when null); <paramref name="cancellation"/> stops training at its next step.
    /// </summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellation = default)
    {
        bool errorIsConsole = error is null;
        output ??= Console.Out;
        error ??= Console.Error;
        var session = new CliSession(output, error, errorIsConsole, cancellation);
        RootCommand root = BuildRootCommand(session);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
                error.WriteLine(parseError.Message);
            error.WriteLine($"Run '{string.Join(' ', VerbPath(parsed).Prepend(ExecutableName))} --help' for the accepted options.");
            return BadArguments;
        }
        bool verbose = parsed.GetValue(session.Verbose);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            error.WriteLine(e.Message);
            return BadArguments;
        }
        catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine(e is RunCancelledException ? e.Message : "cancelled");
            return Cancelled;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.Message}");
            if (verbose)
                error.WriteLine(e);
            return Failure;
        }
    }

    private const string ExecutableName = "mlnetcnn";

    private static RootCommand BuildRootCommand(CliSession session) =>
        new("MlNetCnn: train, evaluate and use CNN image classifiers through ML.NET.")
        {
            session.Quiet,
            session.Verbose,
            ListCommand.Create(session),
            SummaryCommand.Create(session),
            ExportCommand.Create(session),
            TrainCommand.Create(session),
            EvaluateCommand.Create(session),
            PredictCommand.Create(session),
            WeightsCommand.Create(session),
            Sweeps.SweepCommand.Create(session),
            Sweeps.SweepReportCommand.Create(session),
            Sweeps.SweepWorkerCommand.Create(session),
        };

    private static IEnumerable<string> VerbPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Push(result.Command.Name);
        return names;
    }
}

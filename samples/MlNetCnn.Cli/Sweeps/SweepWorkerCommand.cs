using System.CommandLine;
using MlNetCnn.Pipelines.Sweeps.Execution;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// <c>sweep-worker --trial FILE</c>: runs one trial session of a sweep in this process, as a sweep's worker process (started
/// by <see cref="ProcessExecutor"/>, not by hand). Exit 0 when the trial's outcome.json was written, whatever the outcome; 1 otherwise.
/// </summary>
internal static class SweepWorkerCommand
{
    public static Command Create(CliSession session)
    {
        var trial = new Option<string>(ProcessExecutor.TrialOption)
        {
            Description = "The session's request.json, written by the sweep in the trial's folder.",
            Required = true,
        };
        var command = new Command(ProcessExecutor.Verb, "Runs one trial session of a sweep (a sweep's worker process).") { trial };
        command.SetAction(parsed => SweepWorker.Run(parsed.GetRequiredValue(trial), session.Error, session.Cancellation));
        return command;
    }
}

using System.CommandLine;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// <c>sweep-worker</c>, two ways:
/// <list type="bullet">
/// <item><c>--storage STORE [--sweep NAME]</c>: one worker of a sweep shared through a store (<see cref="SweepStoreWorker"/>),
/// on this or any machine, until the sweep is over. Exit 0 when it is over; 3 when a signal (SIGUSR1, SIGTERM) stopped the
/// worker after its trial's checkpoint (work remains: requeue it); 1 on errors.</item>
/// <item><c>--trial FILE</c>: one trial session of a single-process sweep's worker process (started by
/// <see cref="ProcessExecutor"/>, not by hand). Exit 0 when the trial's outcome.json was written, whatever the outcome; 1 otherwise.</item>
/// </list>
/// </summary>
internal static class SweepWorkerCommand
{
    /// <summary>Exit code of a worker stopped by a signal while work remains: the batch script requeues it.</summary>
    public const int WorkRemains = 3;

    public static Command Create(CliSession session)
    {
        var trial = new Option<string?>(ProcessExecutor.TrialOption)
        {
            Description = "The session's request.json, written by a single-process sweep in the trial's folder.",
        };
        var store = new StoreOptions();
        var threads = new Option<int?>("--threads") { HelpName = "N", Description = "CPU threads a trial may use. Default: TorchSharp's (all cores)." }.AtLeast(1);
        var gpu = new Option<int?>("--gpu") { HelpName = "ID", Description = "The CUDA device this worker trains on (one trial per GPU). Default: CUDA 0 when present, else the CPU." }
            .WholeNumber("0 or more", v => v >= 0);
        var lease = new Option<string?>("--lease")
        {
            HelpName = "60s",
            Description = "How long a silent worker keeps its trial before another takes it over (renewed every sixth of it). Default 60s.",
        };
        var folder = new Option<string?>("--folder")
        {
            HelpName = "DIR",
            Description = "The sweep's folder as this machine sees it, when it is mounted elsewhere than where the sweep was started.",
        };
        var command = new Command(ProcessExecutor.Verb,
            "Runs a sweep's trials as one of its workers: with --storage, until the sweep is over (start any number, on any machine); " +
            "with --trial, one session of a single-process sweep.") { trial, threads, gpu, lease, folder };
        store.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(trial) is { } request)
                return SweepWorker.Run(request, session.Error, session.Cancellation);
            if (store.Location(parsed) is null)
                throw new UsageException($"{ProcessExecutor.Verb}: expected {store.Storage.Name} STORE (or {ProcessExecutor.TrialOption} FILE); got neither.");
            var leaseLength = SweepOptions.Duration(parsed.GetValue(lease), lease.Name) ?? TimeSpan.FromSeconds(60);
            var options = new SweepStoreWorkerOptions
            {
                Threads = parsed.GetValue(threads) ?? 0,
                GpuId = parsed.GetValue(gpu),
                LeaseLength = leaseLength,
                Heartbeat = leaseLength / 6,
                Folder = parsed.GetValue(folder),
                Log = line => session.Error.WriteLine($"sweep-worker: {line}"),
            };
            using var opened = store.Open(parsed);
            using var signals = new WorkerSignals(session.Cancellation, session.Error);
            var exit = new SweepStoreWorker(opened, options).RunAsync(signals.Token).GetAwaiter().GetResult();
            return exit == SweepWorkerExit.Finished ? CliApp.Success : WorkRemains;
        });
        return command;
    }
}

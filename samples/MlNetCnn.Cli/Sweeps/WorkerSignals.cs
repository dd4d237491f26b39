using System.Runtime.InteropServices;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// SIGUSR1 (Slurm's warning before the time limit, <c>--signal=B:USR1@T</c>) and SIGTERM (Kubernetes, <c>scancel</c>) for a
/// sweep worker: instead of ending the process they cancel <see cref="Token"/>, so the running trial stops at its next step,
/// keeps its last checkpoint and is given back to the store before the worker exits.
/// </summary>
internal sealed class WorkerSignals : IDisposable
{
    /// <summary>SIGUSR1's number on Linux (.NET has no name for it; raw numbers are accepted).</summary>
    private const int SigUsr1 = 10;

    private readonly CancellationTokenSource _source;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public WorkerSignals(CancellationToken outer, TextWriter error)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        if (OperatingSystem.IsWindows()) return;
        foreach (var signal in new[] { (PosixSignal)SigUsr1, PosixSignal.SIGTERM })
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                error.WriteLine($"sweep-worker: {(signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGUSR1")}: checkpointing the running trial and giving it back.");
                _source.Cancel();
            }));
    }

    /// <summary>Cancelled by a signal or by the outer token.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>How a <see cref="SweepStoreWorker"/> works.</summary>
public sealed record SweepStoreWorkerOptions
{
    /// <summary>The worker's name in leases and logs; default <c>host:process id</c>.</summary>
    public string Name { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>CPU threads a trial may use; 0 leaves TorchSharp's default.</summary>
    public int Threads { get; init; }

    /// <summary>The CUDA device this worker trains on (one trial per GPU), or null to let the trainer choose.</summary>
    public int? GpuId { get; init; }

    /// <summary>How long a lease lasts unless renewed: a worker silent this long has its trial taken over. Default 60 s.</summary>
    public TimeSpan LeaseLength { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the lease is renewed while a trial trains. Default 10 s (well inside <see cref="LeaseLength"/>).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before asking again when every trial that can run is running elsewhere. Default 2 s.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The sweep's folder as this machine sees it, when not at the path the plan records; null for the plan's.</summary>
    public string? Folder { get; init; }

    /// <summary>Hears one line per event (claims, sessions, take-overs), or null.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Checks the numbers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number out of range, named.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentOutOfRangeException.ThrowIfNegative(Threads);
        if (LeaseLength <= TimeSpan.Zero || Heartbeat <= TimeSpan.Zero || Poll <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(LeaseLength), "LeaseLength, Heartbeat and Poll must be positive.");
        if (Heartbeat * 2 > LeaseLength)
            throw new ArgumentOutOfRangeException(nameof(Heartbeat), Heartbeat,
                $"The heartbeat ({Heartbeat.TotalSeconds:0.#} s) must be at most half the lease ({LeaseLength.TotalSeconds:0.#} s), or a live worker loses its trial.");
    }
}

/// <summary>How a worker's run ended.</summary>
public enum SweepWorkerExit
{
    /// <summary>The sweep is over: nothing runs and nothing can be started.</summary>
    Finished,

    /// <summary>Stopped from outside (a signal, a cancellation): the trial it held kept its checkpoint and was given back.</summary>
    Interrupted,
}

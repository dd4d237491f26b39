using System.Globalization;

namespace MlNetCnn.Cli.ScaleOut;

/// <summary>
/// What <see cref="SlurmArrayScript"/> writes into a sweep's sbatch script: one array task per sweep worker, each running
/// <see cref="WorkerCommand"/> (normally <c>mlnetcnn sweep-worker --storage STORE ...</c>) and requeued when the worker
/// exits with code 3 (work remains). Variants are data: GPUs, a partition, a time limit or a concurrency limit are
/// settings, not other scripts.
/// </summary>
public sealed record SlurmArraySettings
{
    /// <summary>The exit code with which a sweep worker says "stopped early, work remains, requeue me".</summary>
    public const int RequeueExitCode = 3;

    /// <summary>The job's name (<c>--job-name</c>); also the start of its log files' names.</summary>
    public required string JobName { get; init; }

    /// <summary>How many array tasks (sweep workers): <c>--array=0-(Workers-1)</c>.</summary>
    public required int Workers { get; init; }

    /// <summary>The worker's command line, one argument a word, program first; every word is quoted for the shell.</summary>
    public required IReadOnlyList<string> WorkerCommand { get; init; }

    /// <summary>The folder the tasks run in (<c>--chdir</c>): on storage that every node sees, like the sweep folder.</summary>
    public required string WorkingFolder { get; init; }

    /// <summary>The log folder, absolute or under <see cref="WorkingFolder"/>; a task logs to <c>JOBNAME_%A_%a.log</c> there (appended to across requeues).</summary>
    public string LogFolder { get; init; } = "logs";

    /// <summary>At most this many tasks run at once (<c>--array=0-N%K</c>); null for no limit.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>The partition (<c>--partition</c>); null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>Each task's time limit (<c>--time</c>); null for the partition's default.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>CPUs per task (<c>--cpus-per-task</c>): the worker's threads.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>Memory per task as Slurm writes it (<c>--mem</c>, e.g. <c>8G</c>, <c>500M</c>); null for the partition's default.</summary>
    public string? Memory { get; init; }

    /// <summary>GPUs per task (<c>--gres=gpu:N</c>); 0 for none. One trial trains per GPU.</summary>
    public int GpusPerTask { get; init; }

    /// <summary>
    /// How long before the time limit Slurm sends SIGUSR1 to the batch shell (<c>--signal=B:USR1@SECONDS</c>), which
    /// forwards it to the worker: enough for the running trial to reach its next step and write its checkpoint.
    /// </summary>
    public int SignalSecondsBeforeLimit { get; init; } = 300;

    /// <summary>Checks every setting; the message of the <see cref="ArgumentException"/> names the setting, what it takes and what it found.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(JobName) || !JobName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw Bad(nameof(JobName), "letters, digits, '-', '_' or '.'", $"'{JobName}'");
        if (Workers is < 1 or > 100_000) throw Bad(nameof(Workers), "a whole number from 1 to 100000", Workers.ToString(CultureInfo.InvariantCulture));
        if (WorkerCommand is null || WorkerCommand.Count == 0 || WorkerCommand.Any(string.IsNullOrEmpty))
            throw Bad(nameof(WorkerCommand), "the program and its arguments, none empty", WorkerCommand is null ? "null" : $"[{string.Join(", ", WorkerCommand.Select(w => $"'{w}'"))}]");
        CheckDirectiveValue(nameof(WorkingFolder), WorkingFolder);
        CheckDirectiveValue(nameof(LogFolder), LogFolder);
        if (MaxConcurrent is < 1) throw Bad(nameof(MaxConcurrent), "null (no limit) or at least 1", MaxConcurrent.Value.ToString(CultureInfo.InvariantCulture));
        if (Partition is not null) CheckDirectiveValue(nameof(Partition), Partition);
        if (TimeLimit is { } limit && limit < TimeSpan.FromMinutes(1))
            throw Bad(nameof(TimeLimit), "null (the partition's default) or at least one minute", limit.ToString());
        if (CpusPerTask < 1) throw Bad(nameof(CpusPerTask), "at least 1", CpusPerTask.ToString(CultureInfo.InvariantCulture));
        if (Memory is not null && !IsSlurmMemory(Memory)) throw Bad(nameof(Memory), "null or a size such as 500M, 8G or 1T", $"'{Memory}'");
        if (GpusPerTask < 0) throw Bad(nameof(GpusPerTask), "0 or more", GpusPerTask.ToString(CultureInfo.InvariantCulture));
        if (SignalSecondsBeforeLimit is < 1 or > 65535)
            throw Bad(nameof(SignalSecondsBeforeLimit), "a whole number of seconds from 1 to 65535", SignalSecondsBeforeLimit.ToString(CultureInfo.InvariantCulture));
        if (TimeLimit is { } time && SignalSecondsBeforeLimit >= time.TotalSeconds)
            throw Bad(nameof(SignalSecondsBeforeLimit), $"fewer seconds than the time limit ({time.TotalSeconds:0} s)", SignalSecondsBeforeLimit.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>sbatch reads a directive's value up to white space and treats quotes itself: such values are refused, not half-quoted.</summary>
    private static void CheckDirectiveValue(string setting, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '#'))
            throw Bad(setting, "a non-empty value without white space, quotes or '#' (sbatch directives cannot hold them)", value is null ? "null" : $"'{value}'");
    }

    private static bool IsSlurmMemory(string memory) =>
        memory.Length > 0 && memory.TakeWhile(char.IsAsciiDigit).Count() is var digits && digits > 0
        && (digits == memory.Length || (digits == memory.Length - 1 && "KMGT".Contains(char.ToUpperInvariant(memory[^1]))));

    private static ArgumentException Bad(string setting, string expected, string found) =>
        new($"Slurm setting {setting}: expected {expected}, found {found}.", setting);
}

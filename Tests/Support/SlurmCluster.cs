using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MlNetCnn.Tests.Support;

/// <summary>One task of a Slurm job as <c>scontrol show job</c> tells it.</summary>
/// <param name="JobId">The task's id: <c>ARRAYJOB_TASK</c> for an array task, else the job id.</param>
/// <param name="State">JobState, e.g. PENDING, RUNNING, COMPLETED, FAILED.</param>
/// <param name="Reason">Why it waits (e.g. BeginTime), or None.</param>
/// <param name="ExitCode">ExitCode as Slurm writes it, <c>CODE:SIGNAL</c>.</param>
/// <param name="Restarts">How often it was requeued.</param>
internal sealed record SlurmTask(string JobId, string State, string Reason, string ExitCode, int Restarts)
{
    private static readonly string[] Ended = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED"];

    /// <summary>Whether it has ended for good (a requeued task has not).</summary>
    public bool HasEnded => Ended.Contains(State);
}

/// <summary>
/// A real single-node Slurm cluster (munged, slurmctld, slurmd) in a folder of its own, started and stopped by
/// Tests/Engines/slurm-cluster.sh, for tests that submit real jobs. Accounting is off, so jobs are followed with
/// <c>scontrol show job</c> (finished jobs stay visible for five minutes, MinJobAge=300). Use
/// <see cref="MissingReason"/> to skip honestly where it cannot run; dispose to stop the daemons.
/// </summary>
internal sealed class SlurmCluster : IDisposable
{
    private SlurmCluster(string folder, IReadOnlyDictionary<string, string?> environment)
    {
        Folder = folder;
        Environment = environment;
    }

    /// <summary>The start/stop script, copied beside the test assembly.</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "Engines", "slurm-cluster.sh");

    /// <summary>The cluster's folder: key, sockets, slurm.conf, state and logs (log/).</summary>
    public string Folder { get; }

    /// <summary>What a Slurm client needs (SLURM_CONF), to pass to processes that run sbatch, squeue or scontrol.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Why no cluster can be started here (not root, or which programs are missing), or null when one can.</summary>
    public static string? MissingReason()
    {
        var missing = new[] { "munged", "mungekey", "slurmctld", "slurmd", "sbatch", "scontrol", "sinfo", "ss" }
            .Where(program => !OnPath(program)).ToList();
        var reasons = new List<string>();
        if (!OperatingSystem.IsLinux()) reasons.Add("not Linux");
        else if (!string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal)) reasons.Add($"not root (user {System.Environment.UserName})");
        if (missing.Count > 0) reasons.Add($"missing on PATH: {string.Join(", ", missing)} (bash Tests/Engines/slurm-cluster.sh install)");
        return reasons.Count == 0 ? null : "no Slurm cluster can be started here: " + string.Join("; ", reasons);
    }

    /// <summary>Starts the daemons with every file in <paramref name="folder"/> and returns once the node is idle.</summary>
    public static SlurmCluster Start(string folder)
    {
        var result = DotnetCommand.RunAllowingFailure("bash", TimeSpan.FromSeconds(60), [Script, "start", folder]);
        Assert.AreEqual(0, result.ExitCode, $"slurm-cluster.sh start {folder}\n{result}");
        var environment = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => (string?)pair[1]);
        Assert.IsTrue(environment.ContainsKey("SLURM_CONF"), $"slurm-cluster.sh start printed no SLURM_CONF:\n{result}");
        return new SlurmCluster(Path.GetFullPath(folder), environment);
    }

    /// <summary>Runs a Slurm client (or any program) with the cluster's environment and returns how it ended.</summary>
    public CommandResult Run(string program, params string[] arguments) =>
        DotnetCommand.RunAllowingFailure(program, TimeSpan.FromSeconds(30), arguments, Folder, Environment);

    /// <summary>Runs <c>sbatch --parsable ARGUMENTS</c>, asserts it succeeded, and returns the job id.</summary>
    public string Submit(params string[] arguments)
    {
        var result = Run("sbatch", ["--parsable", .. arguments]);
        Assert.AreEqual(0, result.ExitCode, $"sbatch {string.Join(' ', arguments)}\n{result}");
        return result.Output.Trim().Split(';')[0];
    }

    /// <summary>The tasks of <paramref name="jobId"/> (one for a plain job, one a task for an array) from <c>scontrol show job -o</c>.</summary>
    public IReadOnlyList<SlurmTask> Tasks(string jobId)
    {
        var result = Run("scontrol", "show", "job", "-o", jobId);
        Assert.AreEqual(0, result.ExitCode, $"scontrol show job {jobId}\n{result}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            string Field(string name) => Regex.Match(line, $@"(?:^| ){name}=(\S*)") is { Success: true } match ? match.Groups[1].Value : "";
            string id = Field("ArrayTaskId") is { Length: > 0 } task && task.All(char.IsAsciiDigit) ? $"{Field("ArrayJobId")}_{task}" : Field("JobId");
            return new SlurmTask(id, Field("JobState"), Field("Reason"), Field("ExitCode"), int.TryParse(Field("Restarts"), out int restarts) ? restarts : 0);
        }).ToList();
    }

    /// <summary>
    /// Waits until every task of <paramref name="jobId"/> has ended, and returns them. Slurm holds a requeued task back
    /// until its BeginTime (AuthInfo cred_expire after the requeue: 10 s on this cluster, 120 s by default); with
    /// <paramref name="startRequeuedNow"/> such a task is moved to now (<c>scontrol update JobId=... StartTime=now</c>).
    /// </summary>
    public IReadOnlyList<SlurmTask> WaitForJob(string jobId, TimeSpan timeout, bool startRequeuedNow = false)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var tasks = Tasks(jobId);
            if (tasks.Count > 0 && tasks.All(task => task.HasEnded)) return tasks;
            if (waited.Elapsed > timeout)
                Assert.Fail($"job {jobId} has not ended within {timeout}: {string.Join("; ", tasks)}\n{Logs()}");
            if (startRequeuedNow)
                foreach (var task in tasks.Where(task => task is { State: "PENDING", Reason: "BeginTime" }))
                    Run("scontrol", "update", $"JobId={task.JobId}", "StartTime=now");
            Thread.Sleep(250);
        }
    }

    /// <summary>The daemons' logs, for assertion messages.</summary>
    public string Logs() => string.Join("\n", Directory.GetFiles(Path.Combine(Folder, "log"))
        .Select(file => $"--- {Path.GetFileName(file)}\n{string.Join('\n', File.ReadLines(file).TakeLast(30))}"));

    /// <summary>Stops the daemons (the script waits until they are gone).</summary>
    public void Dispose()
    {
        var result = DotnetCommand.RunAllowingFailure("bash", TimeSpan.FromSeconds(60), [Script, "stop", Folder]);
        if (result.ExitCode != 0) Console.Error.WriteLine($"slurm-cluster.sh stop {Folder}\n{result}");
    }

    private static bool OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Append("/usr/sbin").Append("/sbin")
        .Any(folder => File.Exists(Path.Combine(folder, program)));
}

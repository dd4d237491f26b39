using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace MlNetCnn.Cli.ScaleOut;

/// <summary>The two jobs of a sweep submitted to Slurm.</summary>
/// <param name="WorkersJobId">The array job of the workers (its tasks are <c>ID_0</c>, <c>ID_1</c>, ...).</param>
/// <param name="ReportJobId">The job that rebuilds the leaderboard once every worker task has ended (<c>afterany</c>).</param>
public sealed record SlurmSubmittedJobs(string WorkersJobId, string ReportJobId);

/// <summary>
/// Submits a sweep to Slurm with <c>sbatch</c>: the workers' array script (<see cref="SlurmArrayScript"/>), then a report job
/// that depends on it (<c>--dependency=afterany:ID</c>) and runs the given report command (normally
/// <c>mlnetcnn sweep-report ...</c>). Failures throw <see cref="SlurmCommandException"/> naming the command and its stderr.
/// </summary>
/// <param name="sbatch">The sbatch program (a name on PATH or a path).</param>
/// <param name="environment">Variables set for sbatch on top of this process's (for example SLURM_CONF); null for none.</param>
/// <param name="timeout">How long one sbatch call may take; default 60 s.</param>
public sealed class SlurmSubmission(string sbatch = "sbatch", IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// Writes the script for <paramref name="settings"/> to <paramref name="scriptPath"/>, creates the log folder (Slurm does
    /// not), submits the script and then the report job, which runs <paramref name="reportCommand"/> in the same working
    /// folder and partition and logs to <c>JOBNAME-report_%j.log</c> in the log folder.
    /// </summary>
    public SlurmSubmittedJobs Submit(SlurmArraySettings settings, string scriptPath, IReadOnlyList<string> reportCommand)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reportCommand);
        if (reportCommand.Count == 0 || reportCommand.Any(string.IsNullOrEmpty))
            throw new ArgumentException($"Slurm report command: expected the program and its arguments, none empty, found [{string.Join(", ", reportCommand.Select(w => $"'{w}'"))}].", nameof(reportCommand));
        SlurmArrayScript.Write(settings, scriptPath);
        Directory.CreateDirectory(Path.Combine(settings.WorkingFolder, settings.LogFolder));
        string workers = SubmitScript(Path.GetFullPath(scriptPath));
        string report = Run(
        [
            "--parsable", $"--dependency=afterany:{workers}", $"--job-name={settings.JobName}-report",
            $"--chdir={settings.WorkingFolder}", $"--output={Path.Combine(settings.LogFolder, "%x_%j.log")}",
            .. settings.Partition is { } partition ? new[] { $"--partition={partition}" } : [],
            "--wrap", ShellWords.Join(reportCommand),
        ]);
        return new SlurmSubmittedJobs(workers, report);
    }

    /// <summary>Runs <c>sbatch --parsable SCRIPT</c> and returns the job's id.</summary>
    public string SubmitScript(string scriptPath) => Run(["--parsable", scriptPath]);

    /// <summary>
    /// The job id in what <c>sbatch --parsable</c> printed: <c>ID</c> or <c>ID;CLUSTER</c> on its first line.
    /// </summary>
    /// <exception cref="FormatException">The output holds no job id.</exception>
    public static string ParseJobId(string parsableOutput)
    {
        ArgumentNullException.ThrowIfNull(parsableOutput);
        string first = parsableOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        string id = first.Split(';')[0];
        return id.Length > 0 && id.All(char.IsAsciiDigit)
            ? id
            : throw new FormatException($"sbatch --parsable: expected a job id (digits, then ';cluster' or nothing), found '{parsableOutput.Trim()}'.");
    }

    private string Run(IReadOnlyList<string> arguments)
    {
        string commandLine = ShellWords.Join([sbatch, .. arguments]);
        var start = new ProcessStartInfo(sbatch)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SlurmCommandException($"{commandLine}: the process did not start.");
        }
        catch (Win32Exception e)
        {
            throw new SlurmCommandException($"{commandLine}: cannot run '{sbatch}' ({e.Message}); is Slurm's client (slurm-client) installed and on PATH?", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new SlurmCommandException($"{commandLine}: no answer within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (is slurmctld reachable?).");
            }
            process.WaitForExit();
            string stderr = error.Result.Trim();
            if (process.ExitCode != 0)
                throw new SlurmCommandException($"{commandLine} failed with exit code {process.ExitCode}: {(stderr.Length > 0 ? stderr : "(nothing on stderr)")}");
            try
            {
                return ParseJobId(output.Result);
            }
            catch (FormatException e)
            {
                throw new SlurmCommandException($"{commandLine}: {e.Message}", e);
            }
        }
    }
}

/// <summary>A Slurm command (sbatch) that failed; the message names the command line and what it printed on stderr.</summary>
public sealed class SlurmCommandException(string message, Exception? inner = null) : Exception(message, inner);

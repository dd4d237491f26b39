using System.Globalization;
using System.Text;
using MlNetCnn.Models.IO;

namespace MlNetCnn.Cli.ScaleOut;

/// <summary>
/// Writes a sweep's sbatch script: a job array of <see cref="SlurmArraySettings.Workers"/> tasks, each running the sweep
/// worker in the background of the batch shell. The shell traps SIGUSR1 (sent <see cref="SlurmArraySettings.SignalSecondsBeforeLimit"/>
/// seconds before the time limit by <c>--signal=B:USR1@...</c>, or by <c>scancel --signal=USR1 --batch</c>) and SIGTERM,
/// forwards them to the worker and waits for it. A worker that exits with code 3 (work remains) has kept its trial's last
/// checkpoint and released its claim: the shell then runs <c>scontrol requeue JOB_TASK</c>, so the task starts again
/// (Slurm holds a requeued job back for a while, AuthInfo <c>cred_expire</c>, 120 s by default) and the worker resumes
/// the trial from that checkpoint. Any other exit code is the task's.
/// </summary>
/// <remarks>Tested with Slurm 22.05 on a single-node cluster (Tests/Engines/slurm-cluster.sh).</remarks>
public static class SlurmArrayScript
{
    /// <summary>The script's text for <paramref name="settings"/> (validated first; see <see cref="SlurmArraySettings.Validate"/>).</summary>
    public static string Render(SlurmArraySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var text = new StringBuilder();
        text.Append("#!/usr/bin/env bash\n");
        foreach (string directive in Directives(settings)) text.Append("#SBATCH ").Append(directive).Append('\n');
        text.Append(Body.Replace("{{WORKER}}", ShellWords.Join(settings.WorkerCommand))
            .Replace("{{REQUEUE_CODE}}", SlurmArraySettings.RequeueExitCode.ToString(CultureInfo.InvariantCulture)));
        return text.ToString();
    }

    /// <summary>Writes the script to <paramref name="path"/> atomically (its folder made when missing), executable by its owner.</summary>
    public static void Write(SlurmArraySettings settings, string path)
    {
        string text = Render(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, temporary =>
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        });
    }

    /// <summary>A task's log file in <see cref="SlurmArraySettings.LogFolder"/>: Slurm fills in the job name (%x), array job (%A) and task (%a).</summary>
    public static string TaskLogPattern(SlurmArraySettings settings) => Path.Combine(settings.LogFolder, "%x_%A_%a.log");

    /// <summary><c>[days-]hours:minutes:seconds</c>, as <c>--time</c> takes it.</summary>
    internal static string FormatTime(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalDays}-{time.Hours:00}:{time.Minutes:00}:{time.Seconds:00}");

    private static IEnumerable<string> Directives(SlurmArraySettings settings)
    {
        yield return $"--job-name={settings.JobName}";
        string limit = settings.MaxConcurrent is { } most ? string.Create(CultureInfo.InvariantCulture, $"%{most}") : "";
        yield return string.Create(CultureInfo.InvariantCulture, $"--array=0-{settings.Workers - 1}{limit}");
        yield return "--requeue";
        yield return "--open-mode=append";
        yield return $"--chdir={settings.WorkingFolder}";
        yield return $"--output={TaskLogPattern(settings)}";
        yield return "--ntasks=1";
        yield return string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={settings.CpusPerTask}");
        if (settings.Memory is { } memory) yield return $"--mem={memory}";
        if (settings.GpusPerTask > 0) yield return string.Create(CultureInfo.InvariantCulture, $"--gres=gpu:{settings.GpusPerTask}");
        if (settings.Partition is { } partition) yield return $"--partition={partition}";
        if (settings.TimeLimit is { } time) yield return $"--time={FormatTime(time)}";
        yield return string.Create(CultureInfo.InvariantCulture, $"--signal=B:USR1@{settings.SignalSecondsBeforeLimit}");
    }

    // The body after the directives. Traps are set before the worker starts; a signal that comes before the worker's pid
    // is known is kept and sent on once it is. A trapped signal ends `wait` early while the worker still runs, hence the
    // loop. The worker, started with `&`, has the default signal dispositions (bash resets trapped signals in children).
    private const string Body = """
        #
        # Written by mlnetcnn: one sweep worker per array task. SIGUSR1 and SIGTERM go on to the worker; a worker that
        # exits with code {{REQUEUE_CODE}} has checkpointed its trial and released it, and this task is requeued to resume it.
        set -u
        task="${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID:-?}"
        echo "mlnetcnn: sweep worker, task $task, restart ${SLURM_RESTART_COUNT:-0}, on $(hostname), $(date -u +%FT%TZ)" >&2

        worker=
        pending=
        forward() {
            if [ -n "$worker" ]; then
                echo "mlnetcnn: task $task got SIG$1; sending it on to the worker (pid $worker)" >&2
                kill -s "$1" "$worker" 2>/dev/null || true
            else
                pending=$1
            fi
        }
        trap 'forward USR1' USR1
        trap 'forward TERM' TERM

        {{WORKER}} &
        worker=$!
        if [ -n "$pending" ]; then kill -s "$pending" "$worker" 2>/dev/null || true; fi

        wait "$worker"
        status=$?
        while kill -0 "$worker" 2>/dev/null; do
            wait "$worker"
            status=$?
        done

        if [ "$status" -eq {{REQUEUE_CODE}} ]; then
            echo "mlnetcnn: task $task: the worker exited with code {{REQUEUE_CODE}} (work remains); requeueing it" >&2
            if scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"; then
                exit 0
            fi
            echo "mlnetcnn: task $task: scontrol requeue failed; the task ends with code {{REQUEUE_CODE}}" >&2
        else
            echo "mlnetcnn: task $task: the worker exited with code $status" >&2
        fi
        exit "$status"

        """;
}

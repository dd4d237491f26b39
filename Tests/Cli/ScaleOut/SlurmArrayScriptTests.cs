using System.Diagnostics;
using MlNetCnn.Cli.ScaleOut;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Cli.ScaleOut;

/// <summary>
/// The sbatch script of a sweep's workers: its directives, that bash parses it, and its body run for real by bash (no
/// Slurm) with a fake worker and a fake <c>scontrol</c> on PATH — signals forwarded, exit code 3 requeued, others kept.
/// </summary>
[TestClass]
public sealed class SlurmArrayScriptTests
{
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-slurmscript-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static SlurmArraySettings Settings(params string[] command) => new()
    {
        JobName = "sweep-a",
        Workers = 4,
        WorkerCommand = command.Length > 0 ? command : ["mlnetcnn", "sweep-worker", "--storage", "/shared/sweep a", "--threads", "2"],
        WorkingFolder = "/shared",
    };

    [TestMethod]
    public void Render_AllSettings_WritesEachDirective()
    {
        string script = SlurmArrayScript.Render(Settings() with
        {
            MaxConcurrent = 2, Partition = "gpu", TimeLimit = TimeSpan.FromHours(26.5), CpusPerTask = 8, Memory = "16G",
            GpusPerTask = 1, SignalSecondsBeforeLimit = 600, LogFolder = "slurm-logs",
        });
        string[] expected =
        [
            "#SBATCH --job-name=sweep-a", "#SBATCH --array=0-3%2", "#SBATCH --requeue", "#SBATCH --open-mode=append",
            "#SBATCH --chdir=/shared", "#SBATCH --output=slurm-logs/%x_%A_%a.log", "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=8", "#SBATCH --mem=16G", "#SBATCH --gres=gpu:1", "#SBATCH --partition=gpu",
            "#SBATCH --time=1-02:30:00", "#SBATCH --signal=B:USR1@600",
        ];
        string[] lines = script.Split('\n');
        Assert.AreEqual("#!/usr/bin/env bash", lines[0]);
        CollectionAssert.AreEqual(expected, lines.Skip(1).Take(expected.Length).ToArray(), script);
        StringAssert.Contains(script, "trap 'forward USR1' USR1");
        StringAssert.Contains(script, "trap 'forward TERM' TERM");
        StringAssert.Contains(script, "if [ \"$status\" -eq 3 ]; then");
        StringAssert.Contains(script, "scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"");
        StringAssert.Contains(script, "mlnetcnn sweep-worker --storage '/shared/sweep a' --threads 2 &");
    }

    [TestMethod]
    public void Render_Defaults_OmitsOptionalDirectives()
    {
        string script = SlurmArrayScript.Render(Settings());
        StringAssert.Contains(script, "#SBATCH --array=0-3\n");
        StringAssert.Contains(script, "#SBATCH --signal=B:USR1@300\n");
        foreach (string absent in new[] { "--gres", "--partition", "--time", "--mem" })
            Assert.IsFalse(script.Contains(absent, StringComparison.Ordinal), $"{absent} in\n{script}");
    }

    [TestMethod]
    [DataRow("Workers", "expected a whole number from 1 to 100000, found 0")]
    [DataRow("JobName", "expected letters, digits, '-', '_' or '.', found 'my job'")]
    [DataRow("WorkingFolder", "expected a non-empty value without white space")]
    [DataRow("Memory", "expected null or a size such as 500M, 8G or 1T, found '8 GB'")]
    [DataRow("SignalSecondsBeforeLimit", "expected fewer seconds than the time limit (600 s), found 900")]
    [DataRow("MaxConcurrent", "expected null (no limit) or at least 1, found 0")]
    [DataRow("WorkerCommand", "expected the program and its arguments, none empty, found []")]
    public void Render_BadSetting_NamesSettingExpectedAndFound(string setting, string message)
    {
        var settings = setting switch
        {
            "Workers" => Settings() with { Workers = 0 },
            "JobName" => Settings() with { JobName = "my job" },
            "WorkingFolder" => Settings() with { WorkingFolder = "/shared/my sweep" },
            "Memory" => Settings() with { Memory = "8 GB" },
            "SignalSecondsBeforeLimit" => Settings() with { TimeLimit = TimeSpan.FromMinutes(10), SignalSecondsBeforeLimit = 900 },
            "MaxConcurrent" => Settings() with { MaxConcurrent = 0 },
            "WorkerCommand" => Settings() with { WorkerCommand = [] },
            _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "no such case"),
        };
        var error = Assert.ThrowsExactly<ArgumentException>(() => SlurmArrayScript.Render(settings));
        Assert.AreEqual(setting, error.ParamName);
        StringAssert.StartsWith(error.Message, $"Slurm setting {setting}: ");
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void Write_Script_IsExecutableAndBashParsesIt()
    {
        string path = Path.Combine(_folder, "workers.sbatch");
        SlurmArrayScript.Write(Settings() with { GpusPerTask = 2, TimeLimit = TimeSpan.FromHours(1) }, path);
        if (!OperatingSystem.IsWindows()) Assert.IsTrue(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute));
        var result = DotnetCommand.RunAllowingFailure("bash", TimeSpan.FromSeconds(20), ["-n", path]);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(1, Directory.GetFiles(_folder).Length, "no temporary file is left");
    }

    [TestMethod]
    [DataRow(PosixSignals.Usr1, "USR1")]
    [DataRow(PosixSignals.Term, "TERM")]
    public void Body_SignalThenWorkerExitsThree_ForwardsSignalAndRequeuesTheTask(int signal, string name)
    {
        var run = StartBody("wait");
        PosixSignals.Send(run.Shell.Id, signal);
        var (code, log) = run.Finish();

        Assert.AreEqual(0, code, log);
        Assert.AreEqual(name, File.ReadAllText(Path.Combine(_folder, "signals")).Trim(), log);
        Assert.AreEqual("requeue 77_1", File.ReadAllText(Path.Combine(_folder, "scontrol.calls")).Trim(), log);
        StringAssert.Contains(log, $"got SIG{name}; sending it on to the worker");
    }

    [TestMethod]
    [DataRow("0", 0)]
    [DataRow("1", 1)]
    [DataRow("2", 2)]
    public void Body_WorkerExitsOtherThanThree_IsTheTasksExitCodeWithoutRequeue(string mode, int expected)
    {
        var (code, log) = StartBody(mode).Finish();
        Assert.AreEqual(expected, code, log);
        Assert.IsFalse(File.Exists(Path.Combine(_folder, "scontrol.calls")), log);
    }

    [TestMethod]
    public void Body_RequeueFails_TaskEndsWithThree()
    {
        var (code, log) = StartBody("3", scontrolExitCode: 1).Finish();
        Assert.AreEqual(3, code, log);
        Assert.AreEqual("requeue 77_1", File.ReadAllText(Path.Combine(_folder, "scontrol.calls")).Trim(), log);
        StringAssert.Contains(log, "scontrol requeue failed");
    }

    [TestMethod]
    public void Body_WordsWithSpacesQuotesAndDollars_ReachTheWorkerUnchanged()
    {
        const string word = "it's a \"word\" $HOME `id` *";
        var (code, log) = StartBody("0", word).Finish();
        Assert.AreEqual(0, code, log);
        Assert.AreEqual(word, File.ReadAllText(Path.Combine(_folder, "argument")), log);
    }

    /// <summary>
    /// Runs the rendered script with bash as task 77_1, its worker a fake: MODE <c>wait</c> sleeps until SIGUSR1 or SIGTERM,
    /// notes it and exits 3; a number exits with it at once. <c>scontrol</c> is a fake that notes its arguments.
    /// Returns once the worker is running, so a signal sent then reaches the batch shell with the worker started.
    /// </summary>
    private RunningBody StartBody(string mode, string argument = "plain", int scontrolExitCode = 0)
    {
        string bin = Path.Combine(_folder, "bin");
        Directory.CreateDirectory(bin);
        string worker = ShellScripts.WriteExecutable(Path.Combine(_folder, "fake-worker.sh"), """
            #!/usr/bin/env bash
            folder=$1
            printf '%s' "$3" > "$folder/argument"
            trap 'echo USR1 >> "$folder/signals"; exit 3' USR1
            trap 'echo TERM >> "$folder/signals"; exit 3' TERM
            touch "$folder/worker.ready"
            if [ "$2" = wait ]; then
                while true; do sleep 0.05; done
            fi
            exit "$2"
            """);
        ShellScripts.WriteExecutable(Path.Combine(bin, "scontrol"), $"""
            #!/bin/sh
            echo "$@" >> '{_folder}/scontrol.calls'
            exit {scontrolExitCode}
            """);
        string script = Path.Combine(_folder, "workers.sbatch");
        SlurmArrayScript.Write(Settings(worker, _folder, mode, argument) with { WorkingFolder = _folder }, script);

        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["SLURM_ARRAY_JOB_ID"] = "77";
        start.Environment["SLURM_ARRAY_TASK_ID"] = "1";
        var shell = Process.Start(start)!;
        var running = new RunningBody(shell, shell.StandardError.ReadToEndAsync(), shell.StandardOutput.ReadToEndAsync());
        var waited = Stopwatch.StartNew();
        while (mode == "wait" && !File.Exists(Path.Combine(_folder, "worker.ready")))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail("the fake worker did not start within 20 s: " + running.Finish().Log);
            Thread.Sleep(20);
        }
        return running;
    }

    private sealed record RunningBody(Process Shell, Task<string> Error, Task<string> Output)
    {
        public (int Code, string Log) Finish()
        {
            using (Shell)
            {
                if (!Shell.WaitForExit(TimeSpan.FromSeconds(20)))
                {
                    Shell.Kill(entireProcessTree: true);
                    Assert.Fail("the script did not end within 20 s");
                }
                Shell.WaitForExit();
                return (Shell.ExitCode, Output.Result + Error.Result);
            }
        }
    }
}

using System.Diagnostics;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// The <c>sweep-worker</c> processes <c>sweep --storage ... --workers N</c> starts on this machine: each gets its share of the
/// CPU threads (or its own GPU), the store's location through <c>MLNETCNN_STORAGE</c> (so a password never shows in a
/// process list), and its lines on stderr prefixed with its number. Cancelling sends them SIGTERM: each checkpoints its trial
/// and gives it back.
/// </summary>
internal static class LocalWorkers
{
    /// <summary>Runs <paramref name="count"/> workers to their end; returns their exit codes.</summary>
    public static int[] Run(string location, string sweepName, int count, IReadOnlyList<int> gpus, TextWriter error, CancellationToken cancellation)
    {
        int threads = Math.Max(1, Environment.ProcessorCount / count);
        var processes = Enumerable.Range(0, count).Select(i => Start(location, sweepName, i, threads, gpus.Count > 0 ? gpus[i % gpus.Count] : null, error)).ToArray();
        using var stop = cancellation.Register(() =>
        {
            foreach (var process in processes.Where(p => !p.HasExited)) Terminate(process.Id);
        });
        foreach (var process in processes) process.WaitForExit();
        var codes = processes.Select(p => p.ExitCode).ToArray();
        foreach (var process in processes) process.Dispose();
        return codes;
    }

    private static Process Start(string location, string sweepName, int index, int threads, int? gpu, TextWriter error)
    {
        var start = ProcessExecutor.CurrentExecutable();
        foreach (string word in new[] { ProcessExecutor.Verb, "--sweep", sweepName, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(word);
        if (gpu is int id)
        {
            start.ArgumentList.Add("--gpu");
            start.ArgumentList.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        start.Environment[SweepStores.EnvironmentVariable] = location;
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var process = new Process { StartInfo = start };
        string prefix = $"[worker {index + 1}] ";
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) error.WriteLine(prefix + e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) error.WriteLine(prefix + e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Sends SIGTERM (.NET's Process.Kill sends SIGKILL, which would leave no time for the checkpoint).</summary>
    private static void Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        kill?.WaitForExit();
    }
}

using System.Diagnostics;
using System.Text;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Tests.Support;

/// <summary>A <c>mlnetcnn sweep-worker</c> process as a user starts one, one thread (so every trial computes alike), its output collected.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly StringBuilder _log = new();

    private WorkerProcess(IEnumerable<string> arguments, string? storage)
    {
        var start = new ProcessStartInfo(DotnetCommand.Host)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "mlnetcnn.dll"), "sweep-worker", "--threads", "1", .. arguments])
            start.ArgumentList.Add(argument);
        if (storage is not null) start.Environment[SweepStores.EnvironmentVariable] = storage;
        Process = Process.Start(start)!;
        Process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        Process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        Process.BeginErrorReadLine();
        Process.BeginOutputReadLine();
    }

    /// <summary>A worker of the sweep <paramref name="sweep"/> in the store at <paramref name="storage"/>, given by the environment as a Secret would, with a short lease.</summary>
    public static WorkerProcess OnStore(string storage, string sweep) => new(["--sweep", sweep, "--lease", "4s"], storage);

    /// <summary>A worker of the sweep whose folder store is <paramref name="folder"/>, given by <c>--storage</c>.</summary>
    public static WorkerProcess OnFolder(string folder) => new(["--storage", folder], null);

    public Process Process { get; }

    /// <summary>What it wrote so far, stdout and stderr.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>The exit code, once the process ended within <paramref name="within"/>.</summary>
    public int WaitForExit(TimeSpan within)
    {
        Assert.IsTrue(Process.WaitForExit(within), $"the worker ended within {within}:\n{Log}");
        Process.WaitForExit();
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill();
        Process.Dispose();
    }
}

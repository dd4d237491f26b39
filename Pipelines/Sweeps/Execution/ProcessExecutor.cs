using System.Diagnostics;
using System.Reflection;
using MlNetCnn.Models.Native;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>
/// Runs trial sessions in worker processes, up to <see cref="Workers"/> at once: each session is a child process of the
/// caller's command with the arguments <c>sweep-worker --trial &lt;folder&gt;/request.json</c> (see <see cref="SweepWorker"/>).
/// The child trains on the sweep's data file, so every worker sees exactly the same rows, and writes the trial's
/// <c>outcome.json</c>; its standard error and output go to the trial's <c>worker.log</c>.
/// </summary>
public sealed class ProcessExecutor : ITrialExecutor
{
    /// <summary>The verb the worker command is given.</summary>
    public const string Verb = "sweep-worker";

    /// <summary>The option of <see cref="Verb"/> that names the request file.</summary>
    public const string TrialOption = "--trial";

    private const int StderrLinesKept = 20;

    private readonly Func<ProcessStartInfo> _command;
    private readonly string _dataPath;
    private readonly string? _featurizerPath;
    private readonly IReadOnlyList<int> _gpus;

    /// <summary>Creates an executor.</summary>
    /// <param name="command">
    /// Makes the start of a worker: the executable and any arguments before the verb (see <see cref="CurrentExecutable"/>).
    /// Called once per session; the executor adds the verb and redirects the output.
    /// </param>
    /// <param name="workers">Sessions run at once, at least 1.</param>
    /// <param name="dataPath">The sweep's <see cref="SweepDataFile"/>.</param>
    /// <param name="featurizerPath">The fitted featurizer saved with <c>mlContext.Model.Save</c>, or null.</param>
    /// <param name="gpuIds">
    /// CUDA devices: worker i trains on <c>gpuIds[i % gpuIds.Count]</c>. Null or empty leaves each request's own choice.
    /// </param>
    public ProcessExecutor(Func<ProcessStartInfo> command, int workers, string dataPath, string? featurizerPath = null, IReadOnlyList<int>? gpuIds = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        _command = command;
        Workers = workers;
        _dataPath = Path.GetFullPath(dataPath);
        _featurizerPath = featurizerPath is null ? null : Path.GetFullPath(featurizerPath);
        _gpus = gpuIds ?? [];
    }

    /// <inheritdoc/>
    public int Workers { get; }

    /// <summary>
    /// The start of a worker that is this program again: <see cref="Environment.ProcessPath"/>, and when that is the
    /// <c>dotnet</c> host, the entry assembly as its first argument.
    /// </summary>
    public static ProcessStartInfo CurrentExecutable()
    {
        string path = Environment.ProcessPath
            ?? throw new InvalidOperationException("The path of this process's executable is unknown: give ProcessExecutor the worker command explicitly.");
        var start = new ProcessStartInfo(path);
        if (string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location
                ?? throw new InvalidOperationException("This process runs under the dotnet host without an entry assembly: give ProcessExecutor the worker command explicitly."));
        return start;
    }

    /// <summary>
    /// The request worker <paramref name="worker"/> runs: its share of the CPU threads when the request leaves them to the
    /// executor (0: <c>max(1, processors / workers)</c>), and its GPU when the executor has a list.
    /// </summary>
    public TrialRequest ForWorker(TrialRequest request, int worker) => request with
    {
        Threads = request.Threads > 0 ? request.Threads : Math.Max(1, Environment.ProcessorCount / Workers),
        GpuId = _gpus.Count > 0 ? _gpus[worker % _gpus.Count] : request.GpuId,
        OneDnnDisabled = request.OneDnnDisabled || CpuConvolutionCheck.Status == CpuConvolutionStatus.OneDnnDisabled,
    };

    /// <inheritdoc/>
    public async Task<TrialOutcome> RunAsync(TrialRequest request, int worker, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(worker, Workers);
        cancellation.ThrowIfCancellationRequested();
        request = ForWorker(request, worker);
        Directory.CreateDirectory(request.Folder);
        File.Delete(Path.Combine(request.Folder, TrialFiles.Outcome));
        string requestPath = Path.Combine(request.Folder, TrialFiles.Request);
        TrialFiles.WriteJson(requestPath, new WorkerRequest(request, _dataPath, _featurizerPath));

        using var log = new WorkerLog(Path.Combine(request.Folder, TrialFiles.WorkerLog), StderrLinesKept);
        using var process = new Process { StartInfo = Start(requestPath) };
        process.ErrorDataReceived += (_, e) => log.Error(e.Data);
        process.OutputDataReceived += (_, e) => log.Output(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw;
        }
        process.WaitForExit(); // the redirected streams are drained too
        return ReadOutcome(request, process.ExitCode, log);
    }

    private ProcessStartInfo Start(string requestPath)
    {
        var start = _command();
        start.ArgumentList.Add(Verb);
        start.ArgumentList.Add(TrialOption);
        start.ArgumentList.Add(requestPath);
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        return start;
    }

    /// <summary>The outcome the worker wrote or, when it wrote none, a failure naming its exit code and its last stderr lines.</summary>
    private static TrialOutcome ReadOutcome(TrialRequest request, int exitCode, WorkerLog log)
    {
        string why;
        try
        {
            if (TrialFiles.ReadOutcome(request.Folder) is { } outcome) return outcome;
            why = $"without writing {TrialFiles.Outcome}";
        }
        catch (InvalidDataException e)
        {
            why = $"leaving a damaged {TrialFiles.Outcome} ({e.Message})";
        }
        string[] tail = log.LastErrors();
        string firstLine = $"The worker process of trial {request.TrialId} exited with code {exitCode} {why}" +
            (tail.Length == 0 ? "; it wrote nothing to stderr." : $"; its stderr ends: {string.Join(" | ", Telling(tail))}");
        ErrorText.Save(request.Folder, firstLine, $"Last {tail.Length} lines of its stderr (all of it in {TrialFiles.WorkerLog}):\n{string.Join("\n", tail)}");
        return TrialRunner.Record(request, new TrialOutcome(request.TrialId, TrialOutcomeKind.Failed, TrialRunner.EpochsSoFar(request), null, null, firstLine, 0));
    }

    /// <summary>The last two lines of <paramref name="tail"/> that are not stack frames: the message, not where it was thrown.</summary>
    private static IEnumerable<string> Telling(string[] tail) =>
        tail.Where(line => !line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Trim().Length > 0).TakeLast(2);

    /// <inheritdoc/>
    public void Dispose() { }
}

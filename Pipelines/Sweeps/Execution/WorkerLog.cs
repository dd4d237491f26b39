namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>A worker process's output, appended to its log file as it comes, with the last stderr lines kept for the error message.</summary>
internal sealed class WorkerLog(string path, int keep) : IDisposable
{
    private readonly StreamWriter _file = new(path, append: true) { AutoFlush = true };
    private readonly Queue<string> _lastErrors = new();
    private readonly object _lock = new();

    /// <summary>A line of stderr; null at its end.</summary>
    public void Error(string? line)
    {
        if (line is null) return;
        lock (_lock)
        {
            _file.WriteLine(line);
            _lastErrors.Enqueue(line);
            if (_lastErrors.Count > keep) _lastErrors.Dequeue();
        }
    }

    /// <summary>A line of stdout; null at its end.</summary>
    public void Output(string? line)
    {
        if (line is null) return;
        lock (_lock) _file.WriteLine(line);
    }

    /// <summary>The last stderr lines, oldest first.</summary>
    public string[] LastErrors()
    {
        lock (_lock) return _lastErrors.ToArray();
    }

    public void Dispose()
    {
        lock (_lock) _file.Dispose();
    }
}

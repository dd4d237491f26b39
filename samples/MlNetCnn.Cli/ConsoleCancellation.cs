namespace MlNetCnn.Cli;

/// <summary>
/// Ctrl+C for the tool: the first press cancels <see cref="Token"/> instead of killing the process, so training stops at
/// its next step, the last checkpoint stays intact and the tool exits with 130 and a one-line message; a second press
/// ends the process at once.
/// </summary>
internal sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly TextWriter _error;

    /// <summary>Starts listening for Ctrl+C; <paramref name="error"/> gets one line when it comes.</summary>
    public ConsoleCancellation(TextWriter error)
    {
        _error = error;
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Cancelled by the first Ctrl+C.</summary>
    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested)
            return; // the second press: let the process end
        e.Cancel = true;
        _error.WriteLine("Ctrl+C: stopping at the next step (press it again to stop at once).");
        _source.Cancel();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}

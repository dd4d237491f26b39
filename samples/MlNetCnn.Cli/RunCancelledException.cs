namespace MlNetCnn.Cli;

/// <summary>A run stopped by Ctrl+C (exit code 130); the message says how far it got and how to resume it.</summary>
public sealed class RunCancelledException(string message, Exception? inner = null) : OperationCanceledException(message, inner);

namespace MlNetCnn.Cli;

/// <summary>A bad argument found after parsing (exit code 2); the message names the flag and what it accepts.</summary>
public sealed class UsageException(string message) : Exception(message);

using System.ComponentModel;
using System.Diagnostics;

namespace MlNetCnn.Tests.Support;

/// <summary>What a finished process printed and how it ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Its stdout.</param>
/// <param name="Error">Its stderr.</param>
internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>dotnet</c> (or a program) in a process of its own, as a user's shell would.</summary>
internal static class DotnetCommand
{
    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH), else <c>dotnet</c> from PATH.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet ARGUMENTS</c>, asserts exit code 0 within the time, and returns what it printed.</summary>
    public static CommandResult Run(TimeSpan within, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = RunAllowingFailure(Host, within, arguments, workingDirectory, environment);
        Assert.AreEqual(0, result.ExitCode, $"dotnet {string.Join(' ', arguments)}\n{result}");
        return result;
    }

    /// <summary>Runs <paramref name="program"/> and returns how it ended, asserting only that it ended within the time.</summary>
    public static CommandResult RunAllowingFailure(string program, TimeSpan within, IEnumerable<string> arguments,
        string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(within))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {within}");
        }
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Whether the dotnet host can be started here (it cannot where only the runtime is installed).</summary>
    public static bool SdkAvailable()
    {
        try
        {
            return RunAllowingFailure(Host, TimeSpan.FromMinutes(1), new[] { "--list-sdks" }).Output.Trim().Length > 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}

using System.Diagnostics;

namespace MlNetCnn.Tests.Support;

/// <summary>The mlnetcnn tool run as a user runs it: <c>dotnet mlnetcnn.dll ...</c> in a process of its own.</summary>
internal static class ToolProcess
{
    /// <summary>Runs the tool with <paramref name="arguments"/>, asserts that it exits 0 within the time, and returns its stdout and stderr.</summary>
    public static (string Output, string Error) Run(TimeSpan within, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlnetcnn.dll"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(within), $"the tool did not finish within {within}");
        Assert.AreEqual(0, process.ExitCode, error);
        return (output.Result, error);
    }
}

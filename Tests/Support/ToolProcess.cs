namespace MlNetCnn.Tests.Support;

/// <summary>The mlnetcnn tool run as a user runs it: <c>dotnet mlnetcnn.dll ...</c> in a process of its own.</summary>
internal static class ToolProcess
{
    /// <summary>Runs the tool with <paramref name="arguments"/>, asserts that it exits 0 within the time, and returns its stdout and stderr.</summary>
    public static (string Output, string Error) Run(TimeSpan within, params string[] arguments)
    {
        var result = DotnetCommand.Run(within, arguments.Prepend(Path.Combine(AppContext.BaseDirectory, "mlnetcnn.dll")));
        return (result.Output, result.Error);
    }
}

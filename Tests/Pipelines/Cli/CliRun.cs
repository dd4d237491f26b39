using MlNetCnn.Cli;

namespace MlNetCnn.Tests.Pipelines.Cli;

/// <summary>Runs the tool in-process and captures what it wrote.</summary>
internal static class CliRun
{
    public static (int Code, string Output, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

using Spectre.Console;

namespace MlNetCnn.Cli.Display;

/// <summary>The console that live progress bars draw on: the process's stderr, when it is an interactive terminal that understands ANSI.</summary>
internal static class InteractiveConsole
{
    /// <summary>A Spectre.Console console on stderr, or null when stderr is redirected or not an interactive ANSI terminal.</summary>
    public static IAnsiConsole? ForStandardError()
    {
        if (Console.IsErrorRedirected)
            return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Profile.Capabilities is { Ansi: true, Interactive: true } ? console : null;
    }
}

using System.CommandLine;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>The flags that name a shared sweep store: <c>--storage</c> (or <c>MLNETCNN_STORAGE</c>) and <c>--sweep</c>.</summary>
internal sealed class StoreOptions
{
    public Option<string?> Storage { get; } = new("--storage")
    {
        HelpName = "DIR | postgresql://user:password@host:port/database",
        Description = $"Where workers share the sweep: its folder (default store; workers of one machine or a shared file system), or a PostgreSQL " +
                      $"database for workers on many machines. Default: the environment variable {SweepStores.EnvironmentVariable}.",
    };

    public Option<string?> Sweep { get; } = new("--sweep")
    {
        HelpName = "NAME",
        Description = "The sweep's name in a PostgreSQL store (one database holds many sweeps). Default for 'sweep': its folder's name.",
    };

    public void AddTo(Command command)
    {
        command.Add(Storage);
        command.Add(Sweep);
    }

    /// <summary>The location given by <c>--storage</c> or the environment, or null when neither gives one.</summary>
    public string? Location(ParseResult parsed) =>
        parsed.GetValue(Storage) is { Length: > 0 } flag ? flag
        : Environment.GetEnvironmentVariable(SweepStores.EnvironmentVariable) is { Length: > 0 } variable ? variable
        : null;

    /// <summary>The store named by the flags; <paramref name="defaultName"/> names the sweep when <c>--sweep</c> does not.</summary>
    /// <exception cref="UsageException">No location, or a malformed one; the message names the flag.</exception>
    public ISweepStore Open(ParseResult parsed, string? defaultName = null) => OpenAt(
        Location(parsed) ?? throw new UsageException(
            $"{Storage.Name}: expected a sweep folder or a postgresql:// URL (or the environment variable {SweepStores.EnvironmentVariable}); got none."),
        parsed, defaultName);

    /// <summary>The store at <paramref name="location"/>; <c>--sweep</c>, else <paramref name="defaultName"/>, names the sweep.</summary>
    /// <exception cref="UsageException">A malformed location; the message names the flag.</exception>
    public ISweepStore OpenAt(string location, ParseResult parsed, string? defaultName = null)
    {
        try
        {
            return SweepStores.Open(location, parsed.GetValue(Sweep) ?? defaultName);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{Storage.Name}: {e.Message.Split(" (Parameter")[0]}");
        }
    }
}

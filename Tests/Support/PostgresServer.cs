namespace MlNetCnn.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the store tests: the one <c>MLNETCNN_TEST_POSTGRES</c> names, or a throw-away server that
/// <c>Engines/postgres-server.sh</c> starts from the machine's binaries on 127.0.0.1 (and stops on dispose). Without either,
/// the test is inconclusive with the reason.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    /// <summary>The variable that names a running server (postgresql://user:password@host:port/database).</summary>
    public const string Variable = "MLNETCNN_TEST_POSTGRES";

    private readonly string? _folder;

    private PostgresServer(string url, string? folder)
    {
        Url = url;
        _folder = folder;
    }

    /// <summary>The server's URL, with its password.</summary>
    public string Url { get; }

    /// <summary>The server of <see cref="Variable"/>, or a new one; inconclusive when PostgreSQL is not installed.</summary>
    public static PostgresServer StartOrSkip()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url) return new PostgresServer(url, null);
        if (!Directory.Exists("/usr/lib/postgresql") && !OnPath("initdb"))
            Assert.Inconclusive($"PostgreSQL's server binaries (initdb) are not installed and {Variable} names no server: " +
                                "install postgresql (Tests/Engines/postgres-server.sh install) or set the variable.");
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var result = DotnetCommand.RunAllowingFailure("bash", TimeSpan.FromMinutes(2), [Script, "start", folder]);
        if (result.ExitCode != 0)
            Assert.Inconclusive($"PostgreSQL could not be started from the machine's binaries: {result}");
        string line = result.Output.Split('\n').Single(l => l.StartsWith(Variable + "=", StringComparison.Ordinal));
        return new PostgresServer(line[(Variable.Length + 1)..].Trim(), folder);
    }

    /// <summary>Stops a server this fixture started.</summary>
    public void Dispose()
    {
        if (_folder is null) return;
        DotnetCommand.RunAllowingFailure("bash", TimeSpan.FromMinutes(1), [Script, "stop", _folder]);
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Engines", "postgres-server.sh");

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));
}

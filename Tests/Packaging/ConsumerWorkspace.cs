using System.Security;

namespace MlNetCnn.Tests.Packaging;

/// <summary>
/// A temporary folder outside the repository where a user's project is made from packages alone: <c>feed/</c> (the
/// packed packages), <c>packages/</c> (this run's own NuGet packages folder, so that no MlNetCnn package cached by an
/// earlier run can be picked), <c>app/</c>, <c>tools/</c>. Its nuget.config lists only the feed as a source and the
/// user's global packages folder as a fallback folder, so TorchSharp's natives and the other dependencies are read from
/// there, not copied, and nothing goes to the network. Empty Directory.Build.props/.targets and Directory.Packages.props
/// stop MSBuild's upward search, so no MSBuild file of a folder above takes part. Deleted on dispose.
/// </summary>
internal sealed class ConsumerWorkspace : IDisposable
{
    private ConsumerWorkspace(string root, string fallbackPackages)
    {
        Root = root;
        foreach (string folder in new[] { Feed, Packages, App, Tools }) Directory.CreateDirectory(folder);
        foreach (string isolating in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(Root, isolating), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="mlnetcnn-feed" value="{SecurityElement.Escape(Feed)}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="user-packages" value="{SecurityElement.Escape(fallbackPackages)}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    /// <summary>The folder; its parent is the system's temporary folder.</summary>
    public string Root { get; }

    /// <summary>The local feed the packages are packed into.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>This run's NuGet packages folder (NUGET_PACKAGES of every command run here).</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary>The user's console project.</summary>
    public string App => Path.Combine(Root, "app");

    /// <summary>Where the tool is installed (<c>--tool-path</c>).</summary>
    public string Tools => Path.Combine(Root, "tools");

    /// <summary>The environment of the commands run here: <see cref="CleanEnvironment"/> with this run's packages folder.</summary>
    public IReadOnlyDictionary<string, string?> Environment
    {
        get
        {
            var environment = new Dictionary<string, string?>(CleanEnvironment()) { ["NUGET_PACKAGES"] = Packages };
            return environment;
        }
    }

    /// <summary>
    /// Changes to the test host's environment for a build in a process of its own: no MSBuild settings inherited from the
    /// test host, no build server or node left running afterwards.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> CleanEnvironment()
    {
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name == "DOTNET_HOST_PATH")
            .ToDictionary(name => name, string? (_) => null);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    /// <summary>Creates a workspace whose projects fall back on <paramref name="fallbackPackages"/> (the user's global packages folder).</summary>
    public static ConsumerWorkspace Create(string fallbackPackages) =>
        new(Path.Combine(Path.GetTempPath(), $"mlnetcnn-consumer-{Guid.NewGuid():N}"), fallbackPackages);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its command may still hold a file; the temporary folder is the system's to clean.
        }
    }
}

using System.Runtime.InteropServices;
using MlNetCnn.Build;

namespace MlNetCnn.Models.Native;

/// <summary>
/// Where TorchSharp's native library (<c>libLibTorchSharp.so</c>) and libtorch were found, and which symbol versions the
/// library requires that the system's libstdc++ lacks — what the dynamic loader would complain about.
/// </summary>
/// <param name="SearchedFolders">The folders looked in (the runtime's native search folders and the application's).</param>
/// <param name="LibTorchSharpPath">TorchSharp's native library, or null when none was found.</param>
/// <param name="UnmetVersions">Its required (not weak) libstdc++ versions that the system's libstdc++ does not define.</param>
/// <param name="LibTorchFound">Whether libtorch (the backend of TorchSharp-cpu or TorchSharp-cuda-linux) was found.</param>
public sealed record TorchSharpNativeScan(
    IReadOnlyList<string> SearchedFolders, string? LibTorchSharpPath, IReadOnlyList<string> UnmetVersions, bool LibTorchFound)
{
    /// <summary>TorchSharp's native library's file name on this platform.</summary>
    public static string LibTorchSharpFileName => PlatformFileName("LibTorchSharp");

    private static string LibTorchFileName => PlatformFileName("torch");

    /// <summary>Looks in the folders the runtime searches for native libraries of this application.</summary>
    public static TorchSharpNativeScan OfThisProcess()
    {
        var roots = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchPath)
            roots.AddRange(searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        roots.Add(AppContext.BaseDirectory);
        if (Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) is { Length: > 0 } torchSharpFolder)
            roots.Add(torchSharpFolder);
        var folders = roots
            .SelectMany(root => new[] { root, Path.Combine(root, "runtimes", RuntimeInformation.RuntimeIdentifier, "native") })
            .Select(Path.GetFullPath)
            .Distinct()
            .ToList();
        return Of(folders);
    }

    /// <summary>Looks in <paramref name="folders"/>, in order: the first TorchSharp native library found is read.</summary>
    public static TorchSharpNativeScan Of(IReadOnlyList<string> folders)
    {
        string? library = folders.Select(f => Path.Combine(f, LibTorchSharpFileName)).FirstOrDefault(File.Exists);
        bool libTorch = folders.Any(f => File.Exists(Path.Combine(f, LibTorchFileName)));
        return new TorchSharpNativeScan(folders, library, library is null ? Array.Empty<string>() : UnmetVersionsOf(library), libTorch);
    }

    /// <summary>
    /// The libstdc++ versions (<c>GLIBCXX_*</c>, <c>CXXABI_*</c>) an ELF library requires without the weak flag that the
    /// system's libstdc++ does not define; empty for a file that is not an ELF64 library or where no libstdc++ is found.
    /// </summary>
    public static IReadOnlyList<string> UnmetVersionsOf(string library)
    {
        if (!OperatingSystem.IsLinux()) return Array.Empty<string>();
        try
        {
            return ElfVersionNeed.ListRequirements(File.ReadAllBytes(library))
                .Where(r => !r.Value && (r.Key.StartsWith("GLIBCXX_", StringComparison.Ordinal) || r.Key.StartsWith("CXXABI_", StringComparison.Ordinal)))
                .Select(r => r.Key)
                .Distinct()
                .Where(version => ElfVersionNeed.SystemLibStdCxxHas(version) == false)
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    private static string PlatformFileName(string name) =>
        OperatingSystem.IsWindows() ? name + ".dll" : OperatingSystem.IsMacOS() ? $"lib{name}.dylib" : $"lib{name}.so";
}

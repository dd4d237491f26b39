using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Native;

/// <summary>
/// The one check that TorchSharp's native libraries load, made by the library's first use of TorchSharp — the registry's
/// network factory (<see cref="Registry.ArchitectureInfo.Create"/>) and the trainers' device selection — so that a
/// failed load ends in one <see cref="TorchSharpUnavailableException"/> that names the cause and the fix, not in a
/// <see cref="TypeInitializationException"/> or <see cref="DllNotFoundException"/> deep inside TorchSharp.
/// </summary>
public static class TorchSharpRuntime
{
    private static readonly Lazy<(string Message, TorchSharpNativeScan Scan, Exception Error)?> Failure = new(Probe);

    /// <summary>Loads TorchSharp's native libraries once per process; afterwards returns at once.</summary>
    /// <exception cref="TorchSharpUnavailableException">They could not be loaded (every call throws it again).</exception>
    public static void EnsureAvailable()
    {
        if (Failure.Value is { } failure)
            throw new TorchSharpUnavailableException(failure.Message, failure.Scan, failure.Error);
    }

    private static (string, TorchSharpNativeScan, Exception)? Probe()
    {
        try
        {
            InitializeDeviceType(TorchSharp.DeviceType.CPU);
            return null;
        }
        catch (Exception error)
        {
            var scan = TorchSharpNativeScan.OfThisProcess();
            return (Explain(error, scan, RuntimeInformation.RuntimeIdentifier), scan, error);
        }
    }

    /// <summary>The message for a failed load: the cause found on disk, the fix, and what the loader said.</summary>
    /// <param name="error">The loader's error.</param>
    /// <param name="scan">What was found on disk.</param>
    /// <param name="runtime">The runtime identifier, e.g. <c>linux-x64</c>.</param>
    public static string Explain(Exception error, TorchSharpNativeScan scan, string runtime)
    {
        string cause = scan switch
        {
            { LibTorchSharpPath: { } library, UnmetVersions.Count: > 0 } =>
                $"{library} requires {string.Join(" and ", scan.UnmetVersions)} of libstdc++.so.6, which this system's libstdc++ " +
                "does not define (GCC 12 or older, e.g. Debian 12). Fix: build the application with the MlNetCnn.Models package " +
                "(directly or through MlNetCnn); its build targets mark that requirement weak in the build, run, test and publish " +
                "output. They are on by default: check that MlNetCnnPatchTorchSharp is not set to false and that this output " +
                "came from such a build on this kind of system (or set MlNetCnnPatchTorchSharpAlways=true where it is built " +
                "elsewhere); or install libstdc++ from GCC 13 or later.",
            { LibTorchSharpPath: null } =>
                $"TorchSharp's native library {TorchSharpNativeScan.LibTorchSharpFileName} was not found for {runtime} in " +
                $"{string.Join(", ", scan.SearchedFolders)}. Fix: reference the package MlNetCnn (or TorchSharp with one of " +
                "TorchSharp-cpu, TorchSharp-cuda-linux) and keep its native files when publishing (publish with -r " +
                $"{runtime}, not trimmed of runtimes/).",
            { LibTorchFound: false } =>
                $"libtorch, TorchSharp's native backend, was not found beside {scan.LibTorchSharpPath}. Fix: reference the " +
                "package MlNetCnn, which brings TorchSharp-cpu, or TorchSharp-cpu or TorchSharp-cuda-linux (0.107.0) yourself " +
                "— exactly one of them.",
            _ => $"TorchSharp's native libraries were found ({scan.LibTorchSharpPath}) but did not load on {runtime}. Fix: check " +
                 "that the TorchSharp backend package matches this platform and that its native files are complete.",
        };
        return $"TorchSharp cannot be used in this process: {cause} The loader said: {Innermost(error).Message}";
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null) error = error.InnerException;
        return error;
    }
}

namespace MlNetCnn.Models.Native;

/// <summary>
/// TorchSharp's native libraries could not be loaded in this process, so nothing that trains or builds a network can run.
/// Thrown by the first MlNetCnn call that needs TorchSharp (<see cref="TorchSharpRuntime.EnsureAvailable"/>), with what
/// was missing and the fix; the loader's own error is the inner exception.
/// </summary>
public sealed class TorchSharpUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and the fix.</param>
    /// <param name="scan">What was found on disk.</param>
    /// <param name="inner">The loader's error.</param>
    public TorchSharpUnavailableException(string message, TorchSharpNativeScan scan, Exception? inner)
        : base(message, inner)
    {
        Scan = scan;
    }

    /// <summary>What was found on disk: the native library, its unmet symbol versions, libtorch.</summary>
    public TorchSharpNativeScan Scan { get; }
}

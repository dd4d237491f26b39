using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Native;

/// <summary>What <see cref="CpuConvolutionCheck.EnsureCorrect"/> found and did.</summary>
public enum CpuConvolutionStatus
{
    /// <summary>libtorch's CPU convolutions (oneDNN included) give correct results; nothing was changed.</summary>
    Correct,

    /// <summary>oneDNN gave wrong results, so libtorch's oneDNN (mkldnn) backend was switched off for this process.</summary>
    OneDnnDisabled,
}

/// <summary>
/// Guards against a libtorch 2.10 CPU kernel bug (oneDNN v3.7.1, the version bundled with TorchSharp 0.107): a float32
/// convolution on a batch of two or more images whose input channels are not a multiple of oneDNN's channel block
/// (16 with AVX-512, 8 with AVX2) — e.g. Res2Net's 26-channel splits, GoogLeNet's 24-channel 3×3 reductions — is
/// computed with the padded channel layout <c>aBcd16b</c>/<c>aBcd8b</c> and comes out wrong for every image (errors of
/// the order of the outputs, and NaN in deep networks). A single image takes libtorch's own kernel and is right, so
/// the network's output depends on the batch. The check convolves such a batch once per process in float32 and in
/// float64 (which never uses oneDNN); when they disagree it switches libtorch's oneDNN backend off
/// (<c>torch.backends.mkldnn.enabled = False</c> in PyTorch, which TorchSharp does not bind), so convolutions take
/// libtorch's im2col + GEMM kernel for training and evaluation alike.
/// </summary>
public static class CpuConvolutionCheck
{
    private static readonly Lazy<CpuConvolutionStatus> Result = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the check once per process (later calls return the first result) and returns what it found.</summary>
    /// <exception cref="PlatformNotSupportedException">The convolutions are wrong and oneDNN could not be switched off.</exception>
    public static CpuConvolutionStatus EnsureCorrect() => Result.Value;

    /// <summary>Whether a float32 convolution of a batch with unaligned input channels matches its float64 counterpart.</summary>
    internal static bool ConvolutionIsCorrect()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Deterministic values (the global random generator stays untouched); 26 channels is a multiple of neither 8 nor 16.
        var input = arange(2 * 26 * 6 * 6, dtype: ScalarType.Float64, device: CPU).sin().reshape(2, 26, 6, 6);
        var weight = arange(8 * 26 * 3 * 3, dtype: ScalarType.Float64, device: CPU).mul(0.37).cos().reshape(8, 26, 3, 3);
        long[] padding = { 1, 1 };
        var expected = nn.functional.conv2d(input, weight, padding: padding);
        var actual = nn.functional.conv2d(input.to_type(ScalarType.Float32), weight.to_type(ScalarType.Float32), padding: padding);
        double error = (actual.to_type(ScalarType.Float64) - expected).abs().max().ToDouble();
        return error <= 1e-4 * Math.Max(1.0, expected.abs().max().ToDouble());
    }

    private static CpuConvolutionStatus Run()
    {
        if (ConvolutionIsCorrect()) return CpuConvolutionStatus.Correct;
        if (!LibTorchContext.TrySetOneDnnEnabled(false) || !ConvolutionIsCorrect())
            throw new PlatformNotSupportedException(
                "libtorch's float32 CPU convolution gives wrong results on this machine (a batched 3×3 convolution with 26 input " +
                "channels differs from float64), and switching its oneDNN backend off did not help. Training and evaluation " +
                "would be wrong; use a TorchSharp release with a fixed libtorch.");
        return CpuConvolutionStatus.OneDnnDisabled;
    }

    /// <summary>
    /// <c>at::globalContext().setUserEnabledMkldnn(bool)</c> in libtorch_cpu, called by its exported C++ symbols
    /// (Itanium names on Linux and macOS, MSVC names on Windows): a member function taking <c>this</c> first.
    /// </summary>
    private static class LibTorchContext
    {
        private static readonly string[] LibraryNames = { "libtorch_cpu.so", "libtorch_cpu.dylib", "torch_cpu.dll" };
        private static readonly string[] GlobalContextNames = { "_ZN2at13globalContextEv", "?globalContext@at@@YAAEAVContext@1@XZ" };
        private static readonly string[] SetEnabledNames = { "_ZN2at7Context20setUserEnabledMkldnnEb", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z" };

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr GlobalContext();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        public static bool TrySetOneDnnEnabled(bool enabled)
        {
            foreach (string library in LibraryNames)
            {
                if (!NativeLibrary.TryLoad(library, typeof(torch).Assembly, null, out IntPtr handle)) continue;
                if (TryExport(handle, GlobalContextNames, out IntPtr globalContext) && TryExport(handle, SetEnabledNames, out IntPtr setEnabled))
                {
                    IntPtr context = Marshal.GetDelegateForFunctionPointer<GlobalContext>(globalContext)();
                    Marshal.GetDelegateForFunctionPointer<SetUserEnabledMkldnn>(setEnabled)(context, enabled);
                    return true;
                }
            }
            return false;
        }

        private static bool TryExport(IntPtr library, string[] names, out IntPtr address)
        {
            foreach (string name in names)
                if (NativeLibrary.TryGetExport(library, name, out address)) return true;
            address = IntPtr.Zero;
            return false;
        }
    }
}

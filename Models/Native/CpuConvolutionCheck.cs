using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Native;

/// <summary>What <see cref="CpuConvolutionCheck"/> found and did.</summary>
public enum CpuConvolutionStatus
{
    /// <summary>libtorch's CPU convolutions (oneDNN included) give correct results; nothing was changed.</summary>
    Correct,

    /// <summary>oneDNN gave wrong results or would crash, so libtorch's oneDNN (mkldnn) backend was switched off for this process.</summary>
    OneDnnDisabled,
}

/// <summary>
/// Guards against a libtorch 2.10 CPU kernel bug (oneDNN v3.7.1, the version bundled with TorchSharp 0.107): a float32
/// convolution on a batch of two or more images whose input channels are not a multiple of oneDNN's channel block
/// (16 with AVX-512, 8 with AVX2) — e.g. Res2Net's 26-channel splits, GoogLeNet's 24-channel 3×3 reductions — is
/// computed with the padded channel layout <c>aBcd16b</c>/<c>aBcd8b</c> and comes out wrong for every image (errors of
/// the order of the outputs, and NaN in deep networks). A single image takes libtorch's own kernel and is right, so
/// the network's output depends on the batch. A second fault kills the process (SIGFPE) in the backward pass of a strided
/// 1×1 convolution to 1024 channels or more (bottleneck ResNets' shortcuts). The check looks at each network the registry
/// builds: it convolves a batch of every distinct unaligned convolution once per process in float32 and in float64 (which
/// never uses oneDNN), and when they disagree, or when the network has a convolution of the crashing shape, it switches
/// libtorch's oneDNN backend off for the process (<c>torch.backends.mkldnn.enabled = False</c> in PyTorch, which
/// TorchSharp does not bind), so convolutions take libtorch's im2col + GEMM kernel. Networks whose convolutions are all
/// right (ResNet-18, ResNet-9, VGG, LeNet, MobileNet, DenseNet on this machine) keep oneDNN's speed.
/// </summary>
public static class CpuConvolutionCheck
{
    /// <summary>A convolution whose input channels per group are a multiple of this uses oneDNN's blocked layout without padding.</summary>
    private const long ChannelBlock = 16;

    /// <summary>Square input sides the probes use: the bug shows at some sizes and not others (20 channels: 6 and 32, not 14).</summary>
    private static readonly int[] ProbeSides = { 6, 14 };

    private static readonly object Gate = new();
    private static readonly Dictionary<ConvolutionShape, bool> Probed = new();
    private static CpuConvolutionStatus _status = CpuConvolutionStatus.Correct;

    /// <summary>
    /// Makes every CPU convolution of this process correct: probes a 26-channel convolution (a multiple of neither 8 nor 16)
    /// and switches oneDNN off when it is wrong.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The convolutions are wrong and oneDNN could not be switched off.</exception>
    public static CpuConvolutionStatus EnsureCorrect() =>
        Ensure(new[] { new ConvolutionShape(26, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1) });

    /// <summary>
    /// Makes the convolutions of <paramref name="network"/> correct in this process: every distinct convolution whose input
    /// channels per group are not a multiple of oneDNN's block is probed once (float32 against float64 on a batch of two);
    /// when one is wrong, oneDNN is switched off for the process. Networks whose convolutions are all right keep oneDNN's
    /// speed. The registry calls this for every network it builds.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">A convolution is wrong and oneDNN could not be switched off.</exception>
    public static CpuConvolutionStatus EnsureCorrectFor(nn.Module network)
    {
        var shapes = network.modules().OfType<Conv2d>().Select(ConvolutionShape.Of).Distinct().ToList();
        return Ensure(shapes.Where(c => c.InChannels / c.Groups % ChannelBlock != 0), shapes.FirstOrDefault(CrashesOneDnn));
    }

    /// <summary>
    /// A convolution whose backward pass kills the process with SIGFPE inside oneDNN, so it cannot be probed: a strided 1×1
    /// convolution to 1024 channels or more (the projection shortcuts of bottleneck ResNets). Found on this project's
    /// machines with libtorch 2.10; 512 channels are fine.
    /// </summary>
    private static bool CrashesOneDnn(ConvolutionShape c) =>
        c.KernelHeight == 1 && c.KernelWidth == 1 && (c.StrideHeight > 1 || c.StrideWidth > 1) && c.OutChannels >= 1024;

    private static CpuConvolutionStatus Ensure(IEnumerable<ConvolutionShape> shapes, ConvolutionShape? crashing = null)
    {
        lock (Gate)
        {
            if (crashing is not null && _status == CpuConvolutionStatus.Correct)
            {
                if (!LibTorchContext.TrySetOneDnnEnabled(false))
                    throw new PlatformNotSupportedException(
                        $"libtorch's oneDNN backend crashes in the backward pass of {crashing}, and it could not be switched off on this platform.");
                _status = CpuConvolutionStatus.OneDnnDisabled;
                Probed.Clear();
            }
            var wrong = shapes.Where(shape => !Probe(shape)).ToList();
            if (wrong.Count == 0) return _status;
            if (_status == CpuConvolutionStatus.Correct && LibTorchContext.TrySetOneDnnEnabled(false))
            {
                _status = CpuConvolutionStatus.OneDnnDisabled;
                Probed.Clear();
                wrong = wrong.Where(shape => !Probe(shape)).ToList();
            }
            if (wrong.Count > 0)
                throw new PlatformNotSupportedException(
                    $"libtorch's float32 CPU convolution gives wrong results on this machine ({wrong[0]} on a batch of two differs from " +
                    "float64), and switching its oneDNN backend off did not help. Training and evaluation would be wrong; use a " +
                    "TorchSharp release with a fixed libtorch.");
            return _status;
        }
    }

    /// <summary>
    /// Puts this process in the state another process found (a sweep's worker takes its coordinator's): with
    /// <see cref="CpuConvolutionStatus.OneDnnDisabled"/>, oneDNN is switched off here too, so that both compute alike.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">oneDNN could not be switched off on this platform.</exception>
    public static CpuConvolutionStatus Adopt(CpuConvolutionStatus status)
    {
        lock (Gate)
        {
            if (status != CpuConvolutionStatus.OneDnnDisabled || _status == CpuConvolutionStatus.OneDnnDisabled) return _status;
            if (!LibTorchContext.TrySetOneDnnEnabled(false))
                throw new PlatformNotSupportedException("oneDNN could not be switched off on this platform, as the process this one follows did.");
            _status = CpuConvolutionStatus.OneDnnDisabled;
            Probed.Clear();
            return _status;
        }
    }

    /// <summary>What oneDNN has been found to do in this process so far.</summary>
    public static CpuConvolutionStatus Status
    {
        get { lock (Gate) return _status; }
    }

    private static bool Probe(ConvolutionShape shape)
    {
        if (!Probed.TryGetValue(shape, out bool correct))
            Probed[shape] = correct = ProbeSides.All(side => ConvolutionIsCorrect(shape, side));
        return correct;
    }

    /// <summary>Whether the 26-channel probe convolution matches its float64 counterpart (as oneDNN is set now).</summary>
    internal static bool ConvolutionIsCorrect() => ConvolutionIsCorrect(new ConvolutionShape(26, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1), 6);

    /// <summary>Whether a float32 convolution of <paramref name="shape"/> on a batch of two matches its float64 counterpart.</summary>
    private static bool ConvolutionIsCorrect(ConvolutionShape shape, int side)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        side = (int)Math.Max(side, Math.Max((shape.KernelHeight - 1) * shape.DilationHeight, (shape.KernelWidth - 1) * shape.DilationWidth) + 1);
        // Deterministic values: the global random generator stays untouched.
        var input = arange(2 * shape.InChannels * side * side, dtype: ScalarType.Float64, device: CPU).sin().reshape(2, shape.InChannels, side, side);
        long perGroup = shape.InChannels / shape.Groups;
        var weight = arange(shape.OutChannels * perGroup * shape.KernelHeight * shape.KernelWidth, dtype: ScalarType.Float64, device: CPU)
            .mul(0.37).cos().reshape(shape.OutChannels, perGroup, shape.KernelHeight, shape.KernelWidth);
        long[] stride = { shape.StrideHeight, shape.StrideWidth }, padding = { shape.PaddingHeight, shape.PaddingWidth };
        long[] dilation = { shape.DilationHeight, shape.DilationWidth };
        var expected = nn.functional.conv2d(input, weight, null, stride, padding, dilation, shape.Groups);
        var actual = nn.functional.conv2d(input.to_type(ScalarType.Float32), weight.to_type(ScalarType.Float32), null, stride, padding, dilation, shape.Groups);
        double error = (actual.to_type(ScalarType.Float64) - expected).abs().max().ToDouble();
        return error <= 1e-4 * Math.Max(1.0, expected.abs().max().ToDouble());
    }

    /// <summary>What decides which kernel a convolution takes.</summary>
    private sealed record ConvolutionShape(long InChannels, long OutChannels, long KernelHeight, long KernelWidth, long StrideHeight, long StrideWidth,
        long PaddingHeight, long PaddingWidth, long DilationHeight, long DilationWidth, long Groups)
    {
        public static ConvolutionShape Of(Conv2d conv)
        {
            long[] padding = conv.padding ?? new long[2];
            return new(conv.in_channels, conv.out_channels, conv.kernel_size[0], conv.kernel_size[1], conv.stride[0], conv.stride[1],
                padding[0], padding[1], conv.dilation[0], conv.dilation[1], conv.groups);
        }

        public override string ToString() =>
            $"a {KernelHeight}×{KernelWidth} convolution from {InChannels} to {OutChannels} channels (stride {StrideHeight}, groups {Groups})";
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

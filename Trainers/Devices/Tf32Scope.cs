using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Devices;

/// <summary>
/// Lets CUDA matrix products and cuDNN convolutions use TF32 for the length of a training run, then puts back the
/// process-wide settings it found. Does nothing on the CPU, or when not asked.
/// </summary>
internal sealed class Tf32Scope : IDisposable
{
    private readonly (bool Matmul, bool Cudnn)? _previous;

    public Tf32Scope(bool allow, SelectedDevice device)
    {
        if (!allow || device.Type != DeviceType.CUDA) return;
        _previous = (backends.cuda.matmul.allow_tf32, backends.cudnn.allow_tf32);
        backends.cuda.matmul.allow_tf32 = true;
        backends.cudnn.allow_tf32 = true;
    }

    public void Dispose()
    {
        if (_previous is not var (matmul, cudnn)) return;
        backends.cuda.matmul.allow_tf32 = matmul;
        backends.cudnn.allow_tf32 = cudnn;
    }
}

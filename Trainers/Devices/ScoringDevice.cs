namespace MlNetCnn.Trainers.Devices;

/// <summary>Where ONNX Runtime scores a batch.</summary>
public enum ScoringDevice
{
    /// <summary>ONNX Runtime's CUDA provider when it loads on this machine, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>ONNX Runtime's CUDA provider; fails when it cannot be loaded.</summary>
    Cuda,
}

/// <summary>The scoring device chosen for a session and why.</summary>
/// <param name="UseCuda">True for ONNX Runtime's CUDA provider.</param>
/// <param name="GpuDeviceId">The CUDA device (meaningful with <paramref name="UseCuda"/>).</param>
/// <param name="Description"><c>cuda:N</c>, or <c>cpu</c> with the reason when CUDA was wanted but is not used.</param>
public sealed record SelectedScoringDevice(bool UseCuda, int GpuDeviceId, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => Description;
}

/// <summary>
/// Chooses the scoring device from the option and whether ONNX Runtime's CUDA provider loads here. The decision is a pure
/// function of its inputs (<see cref="Select(ScoringDevice, int, bool, string)"/>), tested on machines without a GPU.
/// </summary>
public static class ScoringDeviceSelection
{
    /// <summary>Chooses the device on this machine, probing the CUDA provider once per device (<see cref="OnnxRuntimeDevice"/>).</summary>
    public static SelectedScoringDevice Select(ScoringDevice requested, int gpuDeviceId)
    {
        if (requested == ScoringDevice.Cpu)
            return Select(requested, gpuDeviceId, cudaAvailable: false, "not probed");
        bool available = OnnxRuntimeDevice.IsCudaAvailable(gpuDeviceId, out string reason);
        return Select(requested, gpuDeviceId, available, reason);
    }

    /// <summary>Chooses the device given whether the CUDA provider loads.</summary>
    /// <param name="requested">The option.</param>
    /// <param name="gpuDeviceId">The CUDA device to use; 0 or more.</param>
    /// <param name="cudaAvailable">Whether ONNX Runtime's CUDA provider loads for <paramref name="gpuDeviceId"/>.</param>
    /// <param name="unavailableReason">Why it does not, for the description and the error.</param>
    /// <exception cref="InvalidOperationException">CUDA was requested and is not available.</exception>
    public static SelectedScoringDevice Select(ScoringDevice requested, int gpuDeviceId, bool cudaAvailable, string unavailableReason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gpuDeviceId);
        return requested switch
        {
            ScoringDevice.Cpu => new SelectedScoringDevice(false, gpuDeviceId, "cpu"),
            ScoringDevice.Auto or ScoringDevice.Cuda when cudaAvailable => new SelectedScoringDevice(true, gpuDeviceId, $"cuda:{gpuDeviceId}"),
            ScoringDevice.Auto => new SelectedScoringDevice(false, gpuDeviceId, $"cpu (ONNX Runtime CUDA provider unavailable: {unavailableReason})"),
            ScoringDevice.Cuda => throw new InvalidOperationException(
                $"Device = Cuda was requested for scoring but ONNX Runtime's CUDA provider does not load for device {gpuDeviceId}: {unavailableReason}. " +
                "Use Device = Auto to fall back to the CPU, or install CUDA and cuDNN where ONNX Runtime finds them."),
            _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown scoring device."),
        };
    }
}

using MlNetCnn.Models.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Devices;

/// <summary>The device chosen for training and why.</summary>
/// <param name="Type">CPU or CUDA.</param>
/// <param name="Index">The CUDA device index (−1 for the CPU).</param>
/// <param name="Reason">Why it was chosen, for logs and progress.</param>
public sealed record SelectedDevice(DeviceType Type, int Index, string Reason)
{
    /// <summary>The TorchSharp device.</summary>
    public Device ToTorch() => Type == DeviceType.CUDA ? new Device(DeviceType.CUDA, Index) : CPU;

    /// <summary>A short name: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => Type == DeviceType.CUDA ? $"cuda:{Index}" : "cpu";
}

/// <summary>
/// Chooses the training device from the option and what the machine has. The decision is a pure function
/// of its inputs (<see cref="Select(TrainingDevice, int, int, string)"/>), tested on machines without a GPU.
/// </summary>
public static class DeviceSelection
{
    /// <summary>Chooses the device on this machine, asking TorchSharp whether CUDA is available.</summary>
    /// <exception cref="TorchSharpUnavailableException">TorchSharp's native libraries cannot be loaded in this process.</exception>
    public static SelectedDevice Select(TrainingDevice requested, int cudaDeviceIndex = 0)
    {
        TorchSharpRuntime.EnsureAvailable();
        int count = cuda.is_available() ? cuda.device_count() : 0;
        return Select(requested, count, cudaDeviceIndex, BackendDescription());
    }

    /// <summary>Chooses the device given how many CUDA devices there are.</summary>
    /// <param name="requested">The option.</param>
    /// <param name="cudaDeviceCount">CUDA devices TorchSharp sees (0 when none or when the CPU build of TorchSharp is used).</param>
    /// <param name="cudaDeviceIndex">The CUDA device to use.</param>
    /// <param name="backend">Which TorchSharp native backend is loaded, for the message.</param>
    public static SelectedDevice Select(TrainingDevice requested, int cudaDeviceCount, int cudaDeviceIndex, string backend)
    {
        if (cudaDeviceIndex < 0)
            throw new ArgumentOutOfRangeException(nameof(cudaDeviceIndex), $"The CUDA device index must be 0 or more; got {cudaDeviceIndex}.");
        bool cudaUsable = cudaDeviceIndex < cudaDeviceCount;
        return requested switch
        {
            TrainingDevice.Cpu => new SelectedDevice(DeviceType.CPU, -1, "the CPU was requested"),
            TrainingDevice.Auto when cudaUsable => new SelectedDevice(DeviceType.CUDA, cudaDeviceIndex, $"CUDA device {cudaDeviceIndex} is available"),
            TrainingDevice.Auto => new SelectedDevice(DeviceType.CPU, -1, NoCudaReason(cudaDeviceCount, cudaDeviceIndex, backend)),
            TrainingDevice.Cuda when cudaUsable => new SelectedDevice(DeviceType.CUDA, cudaDeviceIndex, "CUDA was requested"),
            TrainingDevice.Cuda => throw new InvalidOperationException(
                $"Device = Cuda was requested but {NoCudaReason(cudaDeviceCount, cudaDeviceIndex, backend)}. " +
                "Use Device = Auto to fall back to the CPU, or build with -p:MlNetCnnTorchBackend=cuda on a machine with an NVIDIA GPU."),
            _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown training device."),
        };
    }

    private static string NoCudaReason(int count, int index, string backend) => count == 0
        ? $"no CUDA device is available ({backend})"
        : $"CUDA device {index} does not exist ({count} device(s))";

    private static string BackendDescription() => "TorchSharp, libtorch " + __version__;
}

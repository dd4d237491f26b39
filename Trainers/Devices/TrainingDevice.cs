namespace MlNetCnn.Trainers.Devices;

/// <summary>Where a network trains.</summary>
public enum TrainingDevice
{
    /// <summary>A CUDA GPU when TorchSharp sees one, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>A CUDA GPU; training fails when none is available rather than silently using the CPU.</summary>
    Cuda,
}

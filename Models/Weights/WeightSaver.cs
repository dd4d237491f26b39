using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Weights;

/// <summary>
/// Saves a network's state dict (parameters and buffers, with PyTorch/torchvision key names) as a safetensors
/// file, atomically. Floating-point tensors are written as F32, integer tensors (<c>num_batches_tracked</c>) as I64.
/// </summary>
public static class WeightSaver
{
    /// <summary>Writes <paramref name="network"/>'s state dict to <paramref name="path"/>, with optional string metadata.</summary>
    public static void Save(nn.Module network, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        SafeTensorsWriter.Write(path, network.state_dict().Select(p => ToSafeTensors(p.Key, p.Value)), metadata);
    }

    private static SafeTensorsTensor ToSafeTensors(string key, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        return cpu.is_floating_point()
            ? new SafeTensorsTensor(key, SafeTensorsDType.F32, cpu.shape, MemoryMarshal.AsBytes(cpu.to_type(ScalarType.Float32).data<float>().ToArray().AsSpan()).ToArray())
            : new SafeTensorsTensor(key, SafeTensorsDType.I64, cpu.shape, MemoryMarshal.AsBytes(cpu.to_type(ScalarType.Int64).data<long>().ToArray().AsSpan()).ToArray());
    }
}

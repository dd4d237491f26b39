using static TorchSharp.torch;

namespace MlNetCnn.Models.Weights;

/// <summary>
/// Where a state dict comes from, for <see cref="WeightLoader"/>: a safetensors file (<see cref="SafeTensorsSource"/>), or
/// tensors already in memory (<see cref="TensorDictionarySource"/>: converted from an ONNX model, read from a PyTorch
/// <c>.pth</c>). Keys are PyTorch/torchvision state-dict keys.
/// </summary>
public abstract class StateDictSource : IDisposable
{
    /// <summary>What the weights are, for messages: a file path, or a name such as <c>imagenet (torchvision resnet18)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Every key with its shape and whether it holds floating-point numbers.</summary>
    public abstract IReadOnlyDictionary<string, (long[] Shape, bool IsFloatingPoint)> Keys { get; }

    /// <summary>The tensor of <paramref name="key"/> (float32 or int64, on the CPU); the caller disposes it.</summary>
    public abstract Tensor Read(string key);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the source holds.</summary>
    protected virtual void Dispose(bool disposing) { }
}

/// <summary>The tensors of a safetensors file.</summary>
public sealed class SafeTensorsSource : StateDictSource
{
    private readonly SafeTensorsReader _reader;

    /// <summary>Opens <paramref name="path"/>.</summary>
    public SafeTensorsSource(string path)
    {
        _reader = new SafeTensorsReader(path);
        Keys = _reader.Entries.ToDictionary(p => p.Key, p => (p.Value.Shape, p.Value.IsFloatingPoint));
    }

    /// <inheritdoc />
    public override string Name => _reader.Path;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, (long[] Shape, bool IsFloatingPoint)> Keys { get; }

    /// <inheritdoc />
    public override Tensor Read(string key)
    {
        var entry = _reader.Entries[key];
        return entry.IsFloatingPoint ? tensor(_reader.ReadSingles(key), entry.Shape) : tensor(_reader.ReadInt64s(key), entry.Shape);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _reader.Dispose();
    }
}

/// <summary>Tensors in memory, by key. The source never copies them, and disposes them only when it owns them.</summary>
/// <param name="name">What the weights are, for messages.</param>
/// <param name="tensors">The state dict.</param>
/// <param name="ownsTensors">True when disposing the source disposes the tensors (weights converted for it alone); false to leave them the caller's.</param>
public sealed class TensorDictionarySource(string name, IReadOnlyDictionary<string, Tensor> tensors, bool ownsTensors = false) : StateDictSource
{
    /// <inheritdoc />
    public override string Name { get; } = name;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, (long[] Shape, bool IsFloatingPoint)> Keys { get; } =
        tensors.ToDictionary(p => p.Key, p => (p.Value.shape, p.Value.is_floating_point()));

    /// <inheritdoc />
    public override Tensor Read(string key)
    {
        var value = tensors[key];
        return value.is_floating_point() ? value.to_type(ScalarType.Float32) : value.to_type(ScalarType.Int64);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsTensors)
            foreach (var tensor in tensors.Values) tensor.Dispose();
    }
}

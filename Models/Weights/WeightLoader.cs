using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Weights;

/// <summary>What a load did.</summary>
/// <param name="Loaded">Keys copied from the file.</param>
/// <param name="Kept">Network keys left as they were (skipped, or a <c>num_batches_tracked</c> the file lacks).</param>
public sealed record WeightLoadResult(IReadOnlyList<string> Loaded, IReadOnlyList<string> Kept);

/// <summary>
/// Loads a state dict from a safetensors file whose keys are PyTorch/torchvision state-dict keys (which are this
/// project's keys). All or nothing: the file is checked completely first, and any difference fails with one
/// <see cref="WeightMismatchException"/>. <c>num_batches_tracked</c> is lenient: it may be absent, or any integer type.
/// </summary>
public static class WeightLoader
{
    private const string BatchCounter = "num_batches_tracked";

    /// <summary>Loads <paramref name="path"/> into <paramref name="network"/>, except keys starting with <paramref name="skipPrefix"/> (e.g. <c>"fc."</c>).</summary>
    public static WeightLoadResult Load(nn.Module network, string path, string skipPrefix) =>
        Load(network, path, key => key.StartsWith(skipPrefix, StringComparison.Ordinal));

    /// <summary>Loads <paramref name="path"/> into <paramref name="network"/>; keys for which <paramref name="skipKeys"/> is true are ignored on both sides.</summary>
    public static WeightLoadResult Load(nn.Module network, string path, Func<string, bool>? skipKeys = null)
    {
        using var source = new SafeTensorsSource(path);
        return Load(network, source, skipKeys);
    }

    /// <summary>Loads <paramref name="source"/> into <paramref name="network"/>; keys for which <paramref name="skipKeys"/> is true are ignored on both sides.</summary>
    /// <exception cref="WeightMismatchException">A key is missing, unexpected or of another shape; nothing was loaded.</exception>
    public static WeightLoadResult Load(nn.Module network, StateDictSource source, Func<string, bool>? skipKeys = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        skipKeys ??= _ => false;
        var target = network.state_dict();
        var wanted = target.Where(p => !skipKeys(p.Key)).ToList();
        var entries = source.Keys;
        var file = entries.Where(e => !skipKeys(e.Key)).ToList();

        var missing = wanted.Where(p => !entries.ContainsKey(p.Key) && !IsBatchCounter(p.Key))
            .Select(p => new KeyShape(p.Key, p.Value.shape)).ToList();
        var unexpected = file.Where(e => !target.ContainsKey(e.Key) && !IsBatchCounter(e.Key))
            .Select(e => new KeyShape(e.Key, e.Value.Shape)).ToList();
        var present = wanted.Where(p => entries.ContainsKey(p.Key)).ToList();
        var misshaped = present.Where(p => !Fits(p.Key, p.Value, entries[p.Key]))
            .Select(p => new KeyShapeMismatch(p.Key, p.Value.shape, entries[p.Key].Shape)).ToList();
        if (missing.Count + unexpected.Count + misshaped.Count > 0)
            throw new WeightMismatchException(source.Name, missing, unexpected, misshaped);

        using (no_grad())
            foreach (var (key, tensor) in present)
            {
                using var value = source.Read(key);
                tensor.copy_(value.reshape(tensor.shape));
            }
        var loaded = present.Select(p => p.Key).ToList();
        return new WeightLoadResult(loaded, target.Keys.Except(loaded).ToList());
    }

    /// <summary>
    /// Loads <paramref name="path"/> for transfer learning. Every key outside the classifier head (the keys starting with
    /// <paramref name="headPrefix"/>, see <c>ArchitectureInfo.ClassifierPrefix</c>) must fit, as in
    /// <see cref="Load(nn.Module, string, Func{string, bool}?)"/>. The head is loaded too when the file holds every head key
    /// in the network's shapes; otherwise (another class count, or a file without a head) it keeps its fresh
    /// initialisation and its keys are in <see cref="WeightLoadResult.Kept"/>.
    /// </summary>
    public static WeightLoadResult LoadTransfer(nn.Module network, string path, string headPrefix)
    {
        using var source = new SafeTensorsSource(path);
        return LoadTransfer(network, source, headPrefix);
    }

    /// <summary>Loads <paramref name="source"/> for transfer learning, as <see cref="LoadTransfer(nn.Module, string, string)"/> does a file.</summary>
    public static WeightLoadResult LoadTransfer(nn.Module network, StateDictSource source, string headPrefix)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(headPrefix);
        bool headFits = network.state_dict().Where(p => p.Key.StartsWith(headPrefix, StringComparison.Ordinal))
            .All(p => source.Keys.TryGetValue(p.Key, out var entry) && Fits(p.Key, p.Value, entry));
        return headFits ? Load(network, source) : Load(network, source, key => key.StartsWith(headPrefix, StringComparison.Ordinal));
    }

    private static bool IsBatchCounter(string key) => key == BatchCounter || key.EndsWith("." + BatchCounter, StringComparison.Ordinal);

    /// <summary>Same shape (a batch counter only needs one element) and the same kind of number.</summary>
    private static bool Fits(string key, Tensor tensor, (long[] Shape, bool IsFloatingPoint) entry) =>
        tensor.is_floating_point() == entry.IsFloatingPoint &&
        (IsBatchCounter(key) ? entry.Shape.Aggregate(1L, (a, b) => a * b) == 1 : tensor.shape.SequenceEqual(entry.Shape));
}

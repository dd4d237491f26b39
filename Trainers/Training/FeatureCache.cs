using MlNetCnn.Trainers.Data;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The backbone's output for every training image — the input of the classifier head — computed once, so that the epochs
/// with a frozen backbone train the head alone on it, as ML.NET's image classification trainer trains on cached
/// bottleneck values. The features are computed with the network in evaluation mode (BatchNorm's running statistics
/// fixed, dropout off) and kept on the training device. One pass without augmentation, or N augmented passes drawn from
/// a generator of their own (seeded by the run's seed), which the frozen epochs use in turn: the cache is the same
/// whenever it is built, so a run resumed during the frozen epochs goes on exactly.
/// </summary>
internal sealed class FeatureCache : IDisposable
{
    /// <summary>Mixed into the run's seed for the generator of augmented passes, to keep it apart from the run's.</summary>
    private const ulong SeedMix = 0x9E3779B97F4A7C15UL;

    private readonly Tensor[] _passes;
    private readonly Tensor _labels;
    private readonly Device _device;

    private FeatureCache(nn.Module<Tensor, Tensor> head, Tensor[] passes, Tensor labels, Device device)
    {
        Head = head;
        _passes = passes;
        _labels = labels;
        _device = device;
    }

    /// <summary>The classifier head, which trains on the cached features.</summary>
    public nn.Module<Tensor, Tensor> Head { get; }

    /// <summary>
    /// Computes the features of every image of <paramref name="train"/>, or returns null with <paramref name="refusal"/> when
    /// the network's logits are not its head's output (a network that rescales them after the head, as ResNet-9 does).
    /// </summary>
    /// <param name="network">The network, its backbone frozen.</param>
    /// <param name="headPrefix">The classifier head's state-dict prefix.</param>
    /// <param name="train">The training images and labels.</param>
    /// <param name="mean">Normalisation mean.</param>
    /// <param name="std">Normalisation standard deviation.</param>
    /// <param name="recipe">The run's recipe: batch size and, for augmented passes, augmentation.</param>
    /// <param name="passes">1 for one plain pass; more for that many augmented passes.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="device">The training device.</param>
    /// <param name="cancellation">Stops the pass.</param>
    /// <param name="refusal">Why the features cannot be cached, when null is returned.</param>
    public static FeatureCache? Build(nn.Module<Tensor, Tensor> network, string headPrefix, TrainingData train, float[] mean, float[] std,
        RunRecipe recipe, int passes, int seed, Device device, CancellationToken cancellation, out string? refusal)
    {
        using var capture = new HeadCapture(network, headPrefix);
        using var generator = new Generator((ulong)seed ^ SeedMix);
        var augmentation = passes > 1 ? BatchAugmentation.Of(recipe, generator) : BatchAugmentation.None;
        using var feed = new BatchFeed(train.Images, train.Labels, train.IsBytes, mean, std, augmentation, device);
        long n = train.Count;
        int batchSize = recipe.Recipe.BatchSize;
        var cached = new List<Tensor>();
        network.eval();
        try
        {
            using var noGrad = no_grad();
            for (int pass = 0; pass < passes; pass++)
            {
                Tensor? features = null;
                for (long start = 0; start < n; start += batchSize)
                {
                    cancellation.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var (x, _) = feed.Take(arange(start, Math.Min(start + batchSize, n), dtype: ScalarType.Int64));
                    var logits = network.forward(x);
                    var (input, output) = capture.Take();
                    using (input)
                    using (output)
                    {
                        if (input is null || output is null || !SameValues(output, logits))
                        {
                            refusal = input is null
                                ? $"the network does not invoke its head '{headPrefix}' through call(), so its input cannot be captured"
                                : $"the network's logits are not the output of its head '{headPrefix}'";
                            features?.Dispose();
                            cached.ForEach(t => t.Dispose());
                            return null;
                        }
                        features ??= empty([n, .. input.shape[1..]], device: device).DetachFromDisposeScope();
                        features.narrow(0, start, input.shape[0]).copy_(input);
                    }
                }
                cached.Add(features!);
            }
        }
        finally
        {
            network.train();
        }
        refusal = null;
        return new FeatureCache(capture.Head, cached.ToArray(), train.Labels, device);
    }

    private static bool SameValues(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>The features and labels of the rows in <paramref name="index"/> for <paramref name="epoch"/> (one-based), on the training device.</summary>
    public (Tensor X, Tensor Y) Take(int epoch, Tensor index)
    {
        var pass = _passes[(epoch - 1) % _passes.Length];
        return (pass.index_select(0, index.to(_device)), _labels.index_select(0, index).to(_device));
    }

    public void Dispose()
    {
        foreach (var pass in _passes) pass.Dispose();
    }
}

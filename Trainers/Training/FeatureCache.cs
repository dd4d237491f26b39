using MlNetCnn.Trainers.Data;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The backbone's output for every training image — the input of the classifier head — computed once, so that the epochs
/// with a frozen backbone train the head alone on it, as ML.NET's image classification trainer trains on cached
/// bottleneck values. The features are computed with the network in evaluation mode (BatchNorm's running statistics
/// fixed, dropout off) and kept on the training device. One pass without augmentation, or N augmented passes drawn from
/// a generator of their own (seeded by the run's seed), which the frozen epochs use in turn: the cache is the same
/// whenever it is built, so a run resumed during the frozen epochs goes on exactly. The validation images' features are
/// cached too (one plain pass), so the frozen epochs score validation with the head alone: the figures are those of the
/// whole network in evaluation mode, without running the backbone again every epoch.
/// </summary>
internal sealed class FeatureCache : IDisposable
{
    /// <summary>Mixed into the run's seed for the generator of augmented passes, to keep it apart from the run's.</summary>
    private const ulong SeedMix = 0x9E3779B97F4A7C15UL;

    private readonly Tensor[] _passes;
    private readonly Tensor _labels;
    private readonly Tensor? _validation;
    private readonly Tensor? _validationLabels;
    private readonly Device _device;

    private FeatureCache(nn.Module<Tensor, Tensor> head, Tensor[] passes, Tensor labels, Tensor? validation, Tensor? validationLabels, Device device)
    {
        Head = head;
        _passes = passes;
        _labels = labels;
        _validation = validation;
        _validationLabels = validationLabels;
        _device = device;
    }

    /// <summary>The classifier head, which trains on the cached features.</summary>
    public nn.Module<Tensor, Tensor> Head { get; }

    /// <summary>Validation rows whose features are cached; 0 when the run has no validation data.</summary>
    public long ValidationCount => _validationLabels?.shape[0] ?? 0;

    /// <summary>
    /// Computes the features of every image of <paramref name="train"/> (and of <paramref name="validation"/>, when given), or
    /// returns null with <paramref name="refusal"/> when the network's logits are not its head's output (a network that
    /// rescales them after the head, as ResNet-9 does).
    /// </summary>
    /// <param name="network">The network, its backbone frozen.</param>
    /// <param name="headPrefix">The classifier head's state-dict prefix.</param>
    /// <param name="train">The training images and labels.</param>
    /// <param name="validation">The validation images and labels, or null: one plain pass, never augmented.</param>
    /// <param name="mean">Normalisation mean.</param>
    /// <param name="std">Normalisation standard deviation.</param>
    /// <param name="recipe">The run's recipe: batch size and, for augmented passes, augmentation.</param>
    /// <param name="passes">1 for one plain pass; more for that many augmented passes.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="device">The training device.</param>
    /// <param name="cancellation">Stops the pass.</param>
    /// <param name="refusal">Why the features cannot be cached, when null is returned.</param>
    public static FeatureCache? Build(nn.Module<Tensor, Tensor> network, string headPrefix, TrainingData train, TrainingData? validation,
        float[] mean, float[] std, RunRecipe recipe, int passes, int seed, Device device, CancellationToken cancellation, out string? refusal,
        bool channelsLast = false)
    {
        using var capture = new HeadCapture(network, headPrefix);
        using var generator = new Generator((ulong)seed ^ SeedMix);
        var augmentation = passes > 1 ? BatchAugmentation.Of(recipe, generator) : BatchAugmentation.None;
        int batchSize = recipe.Recipe.BatchSize;
        var cached = new List<Tensor>();
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using (var feed = new BatchFeed(train.Images, train.Labels, train.IsBytes, mean, std, augmentation, device, channelsLast))
            {
                for (int pass = 0; pass < passes; pass++)
                {
                    var features = Pass(network, capture, headPrefix, feed, train.Count, batchSize, device, cancellation, out refusal);
                    if (features is null)
                    {
                        cached.ForEach(t => t.Dispose());
                        return null;
                    }
                    cached.Add(features);
                }
            }
            Tensor? validationFeatures = null;
            if (validation is not null)
            {
                using var feed = new BatchFeed(validation.Images, validation.Labels, validation.IsBytes, mean, std, BatchAugmentation.None, device, channelsLast);
                validationFeatures = Pass(network, capture, headPrefix, feed, validation.Count, batchSize, device, cancellation, out refusal)!;
            }
            refusal = null;
            return new FeatureCache(capture.Head, cached.ToArray(), train.Labels, validationFeatures, validation?.Labels, device);
        }
        catch
        {
            cached.ForEach(t => t.Dispose());
            throw;
        }
        finally
        {
            network.train();
        }
    }

    /// <summary>
    /// The head's input for rows 0 to <paramref name="count"/> − 1 of <paramref name="feed"/>, in batches, or null with
    /// <paramref name="refusal"/> when the head's output is not the network's logits.
    /// </summary>
    private static Tensor? Pass(nn.Module<Tensor, Tensor> network, HeadCapture capture, string headPrefix, BatchFeed feed, long count, int batchSize, Device device,
        CancellationToken cancellation, out string? refusal)
    {
        Tensor? features = null;
        for (long start = 0; start < count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, _) = feed.Take(arange(start, Math.Min(start + batchSize, count), dtype: ScalarType.Int64));
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
                    return null;
                }
                features ??= empty([count, .. input.shape[1..]], device: device).DetachFromDisposeScope();
                features.narrow(0, start, input.shape[0]).copy_(input);
            }
        }
        refusal = null;
        return features;
    }

    private static bool SameValues(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>The features and labels of the rows in <paramref name="index"/> for <paramref name="epoch"/> (one-based), on the training device.</summary>
    public (Tensor X, Tensor Y) Take(int epoch, Tensor index)
    {
        var pass = _passes[(epoch - 1) % _passes.Length];
        return (pass.index_select(0, index.to(_device)), _labels.index_select(0, index).to(_device));
    }

    /// <summary>The cached features and labels of the validation rows in <paramref name="index"/>, on the training device.</summary>
    /// <exception cref="InvalidOperationException">The cache was built without validation data.</exception>
    public (Tensor X, Tensor Y) TakeValidation(Tensor index)
    {
        if (_validation is null || _validationLabels is null)
            throw new InvalidOperationException("The feature cache holds no validation features: it was built without validation data.");
        return (_validation.index_select(0, index.to(_device)), _validationLabels.index_select(0, index).to(_device));
    }

    public void Dispose()
    {
        foreach (var pass in _passes) pass.Dispose();
        _validation?.Dispose();
    }
}

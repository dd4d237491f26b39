using MlNetCnn.Models.Native;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// What the step benchmarks share: the architecture, four batches of random 8-bit images with labels behind the training
/// loop's own <see cref="BatchFeed"/>, the thread count and the clock of the options.
/// </summary>
internal sealed class StepFixture : IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly BatchFeed _feed;
    private readonly int _batch;

    public StepFixture(string architecture, BenchmarkOptions options)
    {
        if (options.Threads is int threads) set_num_threads(threads);
        Clock = new StepClock(options.Clock);
        Info = ArchitectureRegistry.Get(architecture);
        Spec = new ModelSpec(options.InChannels, 10, options.ImageSize ?? Info.DefaultImageSize, options.Settings);
        _batch = options.BatchSize;
        int channels = options.InChannels, size = Spec.ImageSize!.Value;
        manual_seed(1);
        _images = randint(0, 256, new long[] { _batch * 4L, channels, size, size }, ScalarType.Byte);
        _labels = randint(0, 10, new long[] { _batch * 4L }, ScalarType.Int64);
        var mean = Enumerable.Repeat(0.5f, channels).ToArray();
        var std = Enumerable.Repeat(0.25f, channels).ToArray();
        // The trainer's CPU layout; it also probes each network first (MemoryLayout.ChooseChannelsLast), which the networks profiled here pass.
        _feed = new BatchFeed(_images, _labels, isBytes: true, mean, std, BatchAugmentation.None, CPU, MemoryLayout.PrefersChannelsLast(CPU));
    }

    public StepClock Clock { get; }

    public ArchitectureInfo Info { get; }

    public ModelSpec Spec { get; }

    /// <summary>Batch <paramref name="step"/> (one of four, in turn) through the batch feed, in the caller's dispose scope.</summary>
    public (Tensor X, Tensor Y) Batch(int step) =>
        _feed.Take(arange((step % 4) * (long)_batch, (step % 4 + 1) * (long)_batch, dtype: ScalarType.Int64));

    public void Dispose()
    {
        _feed.Dispose();
        _images.Dispose();
        _labels.Dispose();
    }
}

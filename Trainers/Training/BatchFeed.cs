using MlNetCnn.Models.Native;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The data path of one training step: the rows of a batch taken from the stored images, moved to the training
/// device, converted to float, normalised (the 0–255 → 0–1 conversion folded in for bytes), augmented, and laid out as
/// the run chose (<see cref="MemoryLayout"/>).
/// Nothing is decoded or allocated per row; the training loop and the data-path benchmark both time this class.
/// </summary>
internal sealed class BatchFeed : IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly Device _device;
    private readonly Tensor _scale;
    private readonly Tensor _shift;
    private readonly BatchAugmentation _augmentation;
    private readonly bool _channelsLast;

    /// <param name="images"><c>[N, C, H, W]</c>, uint8 (0–255) or float32 (0–1).</param>
    /// <param name="labels"><c>[N]</c> int64 class indices.</param>
    /// <param name="isBytes">True when <paramref name="images"/> holds bytes.</param>
    /// <param name="mean">Per-channel mean on the 0–1 scale.</param>
    /// <param name="std">Per-channel standard deviation on the 0–1 scale.</param>
    /// <param name="augmentation">Applied to every batch after normalisation.</param>
    /// <param name="device">The training device.</param>
    /// <param name="channelsLast">Give the batches channels-last strides (<see cref="MemoryLayout.ChooseChannelsLast"/>).</param>
    public BatchFeed(Tensor images, Tensor labels, bool isBytes, float[] mean, float[] std, BatchAugmentation augmentation, Device device,
        bool channelsLast = false)
    {
        _images = images;
        _labels = labels;
        _device = device;
        _augmentation = augmentation;
        _channelsLast = channelsLast;
        long channels = images.shape[1];
        // x_normalised = x · scale + shift
        double inputScale = isBytes ? 1.0 / 255.0 : 1.0;
        _scale = tensor(std.Select(s => (float)(inputScale / s)).ToArray(), new long[] { 1, channels, 1, 1 }).to(device);
        _shift = tensor(mean.Select((m, i) => -m / std[i]).ToArray(), new long[] { 1, channels, 1, 1 }).to(device);
    }

    /// <summary>The normalised, augmented images and the labels of the rows in <paramref name="index"/>, on the training device
    /// (new tensors in the caller's dispose scope).</summary>
    public (Tensor X, Tensor Y) Take(Tensor index)
    {
        var x = _images.index_select(0, index).to(_device).to_type(ScalarType.Float32).mul_(_scale).add_(_shift);
        if (_augmentation.IsActive) x = _augmentation.Apply(x);
        if (_channelsLast) x = MemoryLayout.ToChannelsLast(x);
        return (x, _labels.index_select(0, index).to(_device));
    }

    public void Dispose()
    {
        _scale.Dispose();
        _shift.Dispose();
    }
}

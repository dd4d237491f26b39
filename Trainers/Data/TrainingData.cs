using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Data;

/// <summary>
/// The training images and labels, read from the data view once into compact tensors: 8-bit when every
/// value is a multiple of 1/255 (as decoded images are), else float. Batches are taken from here with no
/// per-epoch decoding or per-row allocation.
/// </summary>
internal sealed class TrainingData : IDisposable
{
    internal TrainingData(Tensor images, Tensor labels, bool isBytes, long skipped)
    {
        Images = images;
        Labels = labels;
        IsBytes = isBytes;
        SkippedRows = skipped;
    }

    /// <summary><c>[N, C, H, W]</c>, uint8 (0–255) or float32 (as read).</summary>
    public Tensor Images { get; }

    /// <summary><c>[N]</c> int64 class indices.</summary>
    public Tensor Labels { get; }

    /// <summary>True when <see cref="Images"/> holds bytes, i.e. pixel × 255.</summary>
    public bool IsBytes { get; }

    /// <summary>Rows skipped because their label was missing.</summary>
    public long SkippedRows { get; }

    public long Count => Labels.shape[0];

    /// <summary>Reads the label and image columns into memory.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="columns">The label and image columns, already checked.</param>
    /// <param name="channel">Where warnings about skipped rows go.</param>
    /// <param name="cancellation">Stops the reading.</param>
    /// <param name="role">"training" or "validation": named in messages; only training data must hold two classes.</param>
    public static TrainingData Read(IDataView data, TrainingColumns columns, IChannel channel, CancellationToken cancellation, string role = "training")
    {
        int size = columns.ImageSize;
        var bytes = new ByteOrFloatBuffer(size, (int)Math.Min(data.GetRowCount() ?? 1024, int.MaxValue / Math.Max(size, 1)));
        var labels = new List<long>();
        var counts = new int[columns.ClassCount];
        long row = 0, skipped = 0;
        VBuffer<float> pixels = default;
        uint key = 0;
        try
        {
            using var cursor = data.GetRowCursor(new[] { columns.Label, columns.Image });
            var labelGetter = cursor.GetGetter<uint>(columns.Label);
            var imageGetter = cursor.GetGetter<VBuffer<float>>(columns.Image);
            for (; cursor.MoveNext(); row++)
            {
                if ((row & 1023) == 0) cancellation.ThrowIfCancellationRequested();
                labelGetter(ref key);
                if (key == 0) { skipped++; continue; }
                imageGetter(ref pixels);
                bytes.Append(pixels);
                labels.Add(key - 1);
                counts[key - 1]++;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            var cause = Innermost(error);
            throw new InvalidDataException(
                $"Reading row {row} of the {role} data (columns '{columns.Label.Name}', '{columns.Image.Name}') failed: {cause.Message}", cause);
        }

        if (skipped > 0)
            channel.Warning(MessageSensitivity.None, $"Skipped {skipped} of {row} rows whose label '{columns.Label.Name}' is missing.");
        if (labels.Count == 0)
            throw new ArgumentException(row == 0
                ? $"The {role} data has no rows."
                : $"All {row} rows of the {role} data have a missing label in column '{columns.Label.Name}'.");
        var present = counts.Select((n, i) => (n, i)).Where(p => p.n > 0).ToList();
        if (present.Count < 2 && role == "training")
            throw new ArgumentException(
                $"The training data holds only class '{columns.ClassNames[present[0].i]}'; a classifier needs rows of at least two classes.");

        long[] shape = { labels.Count, columns.Channels, columns.Height, columns.Width };
        var images = bytes.ToTensor(shape);
        return new TrainingData(images, tensor(labels.ToArray(), ScalarType.Int64), bytes.IsBytes, skipped);
    }

    /// <summary>
    /// Holds out <paramref name="fraction"/> of each class (rounded; chosen at random with <paramref name="seed"/>) as
    /// validation rows; both parts keep the original row order.
    /// </summary>
    public (TrainingData Train, TrainingData Validation) Split(double fraction, int seed)
    {
        var labels = Labels.data<long>().ToArray();
        var random = new Random(seed);
        var held = new bool[labels.Length];
        foreach (var rows in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]))
        {
            var shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            foreach (int i in shuffled.Take((int)Math.Round(shuffled.Length * fraction))) held[i] = true;
        }
        long[] validationRows = Enumerable.Range(0, labels.Length).Where(i => held[i]).Select(i => (long)i).ToArray();
        long[] trainRows = Enumerable.Range(0, labels.Length).Where(i => !held[i]).Select(i => (long)i).ToArray();
        if (validationRows.Length == 0 || trainRows.Length < 2)
            throw new ArgumentException(
                $"ValidationFraction {fraction} of {labels.Length} rows leaves {validationRows.Length} validation and {trainRows.Length} training rows; " +
                "use a larger fraction or more data.", nameof(ImageClassificationTrainerOptions.ValidationFraction));
        return (Subset(trainRows), Subset(validationRows));
    }

    private TrainingData Subset(long[] rows)
    {
        using var index = tensor(rows, ScalarType.Int64);
        return new TrainingData(Images.index_select(0, index), Labels.index_select(0, index), IsBytes, 0);
    }

    /// <summary>Per-channel mean and standard deviation of the images on the 0–1 scale.</summary>
    public (float[] Mean, float[] Std) ChannelStatistics()
    {
        using var scope = NewDisposeScope();
        var (sum, squares) = IsBytes ? ByteChannelSums() : FloatChannelSums();
        double perChannel = Count * Images.shape[2] * Images.shape[3];
        double[] mean = (sum / perChannel).data<double>().ToArray();
        double[] meanSquare = (squares / perChannel).data<double>().ToArray();
        float[] std = mean.Select((m, i) => (float)Math.Max(Math.Sqrt(Math.Max(meanSquare[i] - m * m, 0)), 1e-3)).ToArray();
        return (mean.Select(m => (float)m).ToArray(), std);
    }

    /// <summary>Per-channel sums of x and x² (0–1 scale) from a histogram of the 256 byte values: exact, and some
    /// ten times faster than converting the bytes to float64.</summary>
    private (Tensor Sum, Tensor Squares) ByteChannelSums()
    {
        var values = arange(256, dtype: ScalarType.Float64).div_(255.0);
        var counts = stack(Enumerable.Range(0, (int)Images.shape[1])
            .Select(c => Images.select(1, c).flatten().bincount(null, 256).to_type(ScalarType.Float64)).ToArray());
        return (counts.matmul(values), counts.matmul(values.square()));
    }

    private (Tensor Sum, Tensor Squares) FloatChannelSums()
    {
        long n = Count, channels = Images.shape[1];
        var sum = zeros(channels, dtype: ScalarType.Float64);
        var squares = zeros(channels, dtype: ScalarType.Float64);
        for (long start = 0; start < n; start += 4096)
        {
            using var chunkScope = NewDisposeScope();
            var chunk = Images.narrow(0, start, Math.Min(4096, n - start)).to_type(ScalarType.Float64);
            sum.add_(chunk.sum(new long[] { 0, 2, 3 }));
            squares.add_(chunk.square().sum(new long[] { 0, 2, 3 }));
        }
        return (sum, squares);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null && (error is InvalidOperationException or AggregateException or System.Reflection.TargetInvocationException))
            error = error.InnerException;
        return error;
    }
}

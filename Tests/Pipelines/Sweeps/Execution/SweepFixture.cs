using Microsoft.ML;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Tests.Trainers;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Execution;

/// <summary>
/// A small sweep: 96 training and 36 validation rows of 3×8×8 tensors in six classes, written once as a sweep data file,
/// and requests for a small DenseNet that trains three epochs on them in a second or two on the CPU.
/// </summary>
internal sealed class SweepFixture
{
    public static readonly string[] Classes = { "a", "b", "c", "d", "e", "f" };

    public SweepFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var ml = new MLContext(1);
        var (train, validation) = Featurized(ml);
        DataPath = Path.Combine(Folder, "data.mlsweep");
        SweepDataFile.Write(DataPath, train, validation);
        Data = SweepDataFile.Open(DataPath);
    }

    /// <summary>The sweep's folder (temporary).</summary>
    public string Folder { get; }

    /// <summary>The data file.</summary>
    public string DataPath { get; }

    /// <summary>The data file, opened.</summary>
    public SweepDataFile Data { get; }

    /// <summary>The featurized training and validation views: label to key fitted on the training rows.</summary>
    public static (IDataView Train, IDataView Validation) Featurized(MLContext ml)
    {
        var train = TensorRow.Load(ml, 96, Classes, seed: 3);
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        return (keys.Transform(train), keys.Transform(TensorRow.Load(ml, 36, Classes, seed: 4)));
    }

    /// <summary>A trial of a small DenseNet with a fixed recipe; <paramref name="options"/> adds or overrides trainer options.</summary>
    public static TrialConfig Config(params (string Name, string Value)[] options)
    {
        var values = new Dictionary<string, string> { ["BatchSize"] = "16", ["LearningRate"] = "0.05", ["RandomCropPadding"] = "1" };
        foreach (var (name, value) in options) values[name] = value;
        return new TrialConfig("densenet_cifar", options: values);
    }

    /// <summary>A session of trial <paramref name="id"/> in its own folder, three epochs long, one CPU thread.</summary>
    public TrialRequest Request(int id, TrialConfig? config = null, int pauseAfterEpoch = 3, DateTime? deadlineUtc = null, string? folder = null) =>
        new(id, config ?? Config(), Epochs: 3, pauseAfterEpoch, folder ?? Path.Combine(Folder, $"trial-{id}"), Seed: 7, SweepMetric.Accuracy,
            Threads: 1, GpuId: null, deadlineUtc);
}

/// <summary>Puts TorchSharp's thread count back when disposed: trial requests set it for the whole process.</summary>
internal sealed class TorchThreadsScope : IDisposable
{
    private readonly int _threads = TorchSharp.torch.get_num_threads();

    public void Dispose() => TorchSharp.torch.set_num_threads(_threads);
}

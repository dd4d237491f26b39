using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Benchmarks;

/// <summary>Trains one architecture through <see cref="CnnTrainer"/> and times the model it returns.</summary>
internal static class ArchitectureBenchmark
{
    /// <summary>The weight decay of the measured step; benchmarks/peer_same_step.py gives PyTorch the same.</summary>
    public const double WeightDecay = 5e-4;

    public static Dictionary<string, object> Run(string architecture, BenchmarkOptions options)
    {
        var info = ArchitectureRegistry.Get(architecture);
        int size = options.ImageSize ?? info.DefaultImageSize, channels = options.InChannels;
        int imageLength = channels * size * size;
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(ImageRow));
        schema[nameof(ImageRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels, size, size);
        var rows = RandomRows(options.BatchSize * options.Steps, imageLength, classes: 10);
        var data = ml.Data.LoadFromEnumerable(rows, schema);

        // Every option that changes the work of a step is set here, so an architecture's recipe cannot change what is
        // measured: SGD with momentum 0.9 and weight decay 5e-4 on every parameter, plain cross-entropy, no augmentation,
        // no clipping — the step of the PyTorch peer (benchmarks/peer_same_step.py).
        var stepTimes = new StepTimes();
        var trainer = new CnnTrainer(ml, new CnnTrainer.Options
        {
            Progress = stepTimes,
            Architecture = architecture, ArchitectureSettings = new Dictionary<string, string>(options.Settings),
            Epochs = options.Epochs, BatchSize = options.BatchSize, Device = MlNetCnn.Trainers.Devices.TrainingDevice.Auto,
            Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, LearningRateSchedule = LearningRateSchedule.Cosine, WarmupEpochs = 0,
            Momentum = 0.9, Nesterov = false, WeightDecay = WeightDecay, WeightDecayExemptNormAndBias = false,
            LabelSmoothing = 0, GradientClipNorm = null, RandomCropPadding = 0, HorizontalFlip = false, RandomErasingProbability = 0,
        });
        var clock = Stopwatch.StartNew();
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(trainer).Fit(data);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        long peakAfterTraining = ProcessMemory.PeakResidentBytes();
        var history = model.LastTransformer.History;
        // The first epoch includes warm-up (allocator, kernels); later epochs are the steady state.
        var steady = history.Skip(history.Count > 1 ? 1 : 0).Select(h => h.ImagesPerSecond).Order().ToList();

        var engine = ml.Model.CreatePredictionEngine<ImageRow, Prediction>(model, inputSchemaDefinition: schema);
        double engineMs = MedianMilliseconds(options.LatencyIterations, () => engine.Predict(rows[0]));

        using var session = new InferenceSession(model.LastTransformer.OnnxModel.ToArray());
        double onnxMs = MedianMilliseconds(options.LatencyIterations, () => RunOnnx(session, rows.Take(1).ToList(), channels, size));
        var batch = rows.Take(64).ToList();
        double batchMs = MedianMilliseconds(Math.Max(5, options.LatencyIterations / 20), () => RunOnnx(session, batch, channels, size));

        return new Dictionary<string, object>
        {
            ["params"] = Parameters(info, channels, size, options.Settings),
            ["settings"] = options.Settings,
            ["input_shape"] = new[] { channels, size, size },
            ["batch"] = options.BatchSize,
            ["train_images_per_s"] = Math.Round(steady[steady.Count / 2], 2),
            ["train_images_per_s_median_step"] = Math.Round(options.BatchSize / stepTimes.MedianSeconds(), 2),
            ["train_images_per_s_best_epoch"] = Math.Round(steady[^1], 2),
            ["train_epochs_images_per_s"] = history.Select(h => Math.Round(h.ImagesPerSecond, 2)).ToArray(),
            ["fit_seconds"] = Math.Round(fitSeconds, 2),
            ["training_device"] = model.LastTransformer.TrainingDevice,
            ["scoring_device"] = model.LastTransformer.ScoringDevice,
            ["batch1_latency_ms_prediction_engine"] = Math.Round(engineMs, 4),
            ["batch1_latency_ms_onnxruntime"] = Math.Round(onnxMs, 4),
            ["batch64_images_per_s_onnxruntime"] = Math.Round(64 / (batchMs / 1000), 1),
            ["peak_rss_mb_after_training"] = peakAfterTraining / (1024 * 1024),
        };
    }

    private static void RunOnnx(InferenceSession session, List<ImageRow> rows, int channels, int size)
    {
        int length = channels * size * size;
        var buffer = new float[rows.Count * length];
        for (int i = 0; i < rows.Count; i++) rows[i].Features.CopyTo(buffer, i * length);
        var input = NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(buffer, new[] { rows.Count, channels, size, size }));
        using var results = session.Run(new[] { input });
    }

    private static double MedianMilliseconds(int iterations, Action action)
    {
        for (int i = 0; i < Math.Min(10, iterations); i++) action();
        var times = new List<double>();
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static long Parameters(ArchitectureInfo info, int channels, int size, IReadOnlyDictionary<string, string> settings)
    {
        using var network = info.Create(new ModelSpec(channels, 10, size, settings));
        return network.parameters().Sum(p => p.numel());
    }

    private static List<ImageRow> RandomRows(int count, int length, int classes)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(i => new ImageRow
        {
            Label = (i % classes).ToString(),
            Features = Enumerable.Range(0, length).Select(_ => random.Next(256) / 255f).ToArray(),
        }).ToList();
    }

    private sealed class ImageRow
    {
        public string Label { get; set; } = "";

        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }
}

using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Transforms;
using SixLabors.ImageSharp;
using static System.FormattableString;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// Scoring speed (issue 13), all on the same real CIFAR-10 test images at 32×32 and, per architecture, the same briefly trained
/// model: (a) ML.NET's row-by-row <c>Transform</c> from PNG files, (b) the bulk scorer from PNG files on disk, (c) the bulk
/// scorer from decoded tensors in memory, (d) a raw ONNX Runtime session on the same graph, batch 64, tensors in memory;
/// and the decode rate alone (the scorer's parallel decoding, without ONNX Runtime).
/// </summary>
internal static class ScoringBenchmark
{
    /// <summary>Each measurement runs about this long (fewer images for slow paths), at most <c>--images</c> images.</summary>
    private const double SecondsPerMeasurement = 5;
    private const int Rounds = 3;
    private const int Batch = 64;

    public static Dictionary<string, object> Run(BenchmarkOptions options)
    {
        string cifar = options.CifarDirectory
            ?? throw new ArgumentException("--mode scoring needs --cifar-dir, the folder of the CIFAR-10 binary batches (e.g. ../shared/data/cifar10).");
        string folder = Path.Combine(Path.GetTempPath(), $"mlnetcnn-scoring-bench-{Guid.NewGuid():N}");
        try
        {
            var ml = new MLContext(1);
            var (paths, labels) = WritePngs(ml, cifar, options.Images, folder);
            var result = new Dictionary<string, object>
            {
                ["images_available"] = paths.Count,
                ["decode_images_per_s_parallel"] = DecodeRate(paths, Environment.ProcessorCount),
                ["decode_images_per_s_one_thread"] = DecodeRate(paths, 1),
                ["processors"] = Environment.ProcessorCount,
            };
            foreach (string arch in options.Architectures)
            {
                Console.Error.WriteLine($"== {arch}");
                result[arch] = Architecture(ml, arch, paths, labels, options, folder);
                Console.Error.WriteLine(System.Text.Json.JsonSerializer.Serialize(result[arch]));
            }
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, object> Architecture(MLContext ml, string arch, List<string> paths, List<string> labels,
        BenchmarkOptions options, string folder)
    {
        // Briefly trained: one epoch on the first 256 images (the speed of scoring does not depend on the weights).
        var train = ml.Data.LoadFromEnumerable(paths.Take(256).Select((p, i) => new PathRow { ImagePath = p, Label = labels[i] }));
        var trained = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.LoadImagesAsTensors("Features", "ImagePath", 32, 32))
            .Append(new CnnTrainer(ml, new CnnTrainer.Options { Architecture = arch, Epochs = 1, BatchSize = 64 }))
            .Fit(train);
        string zip = Path.Combine(folder, arch + ".zip");
        ml.Model.Save(trained, train.Schema, zip);
        var model = new MLContext().Model.Load(zip, out _);
        byte[] onnx = trained.LastTransformer.OnnxModel.ToArray();

        using var scorer = ml.Model.CreateImageClassifierScorer(model, new ImageClassifierScorerOptions { BatchSize = Batch });
        var settings = scorer.ImageStep!.Settings;
        // A first pass on the raw session sizes the measurements and warms everything up.
        int n = Math.Min(paths.Count, RoundToBatch(RawOnnx(onnx, Decode(paths.Take(Batch * 2), settings)) * SecondsPerMeasurement));
        var tensors = Decode(paths.Take(n), settings);
        int nRows = Math.Min(n, RoundToBatch(RowByRow(ml, model, paths.Take(Batch)) * SecondsPerMeasurement));
        // The machine is shared and its load drifts: the four paths run one after the other, Rounds times, and each
        // figure is the median of its rounds, so that every ratio compares measurements taken seconds apart.
        var rounds = Enumerable.Range(0, Rounds).Select(_ => new
        {
            Raw = RawOnnx(onnx, tensors),
            Tensors = Rate(n, () => Consume(scorer.ScoreTensors(tensors))),
            Files = Rate(n, () => Consume(scorer.Score(paths.Take(n)))),
            Rows = RowByRow(ml, model, paths.Take(nRows)),
        }).ToList();
        double raw = Median(rounds.Select(r => r.Raw)), fromTensors = Median(rounds.Select(r => r.Tensors));
        double fromFiles = Median(rounds.Select(r => r.Files)), rowByRow = Median(rounds.Select(r => r.Rows));
        return new Dictionary<string, object>
        {
            ["images"] = n,
            ["images_row_by_row"] = nRows,
            ["rounds"] = Rounds,
            ["a_row_by_row_transform_images_per_s"] = Math.Round(rowByRow, 1),
            ["b_bulk_from_png_files_images_per_s"] = Math.Round(fromFiles, 1),
            ["c_bulk_from_tensors_images_per_s"] = Math.Round(fromTensors, 1),
            ["d_raw_onnxruntime_batch64_images_per_s"] = Math.Round(raw, 1),
            ["c_over_d"] = Math.Round(fromTensors / raw, 3),
            ["c_over_d_per_round"] = rounds.Select(r => Math.Round(r.Tensors / r.Raw, 3)).ToArray(),
            ["b_over_a"] = Math.Round(fromFiles / rowByRow, 2),
            ["scoring_device"] = scorer.Device.Description,
        };
    }

    /// <summary>Writes the first <paramref name="count"/> CIFAR-10 test images as PNG files, as a user's image folder would hold them.</summary>
    private static (List<string> Paths, List<string> Labels) WritePngs(MLContext ml, string cifar, int count, string folder)
    {
        Directory.CreateDirectory(folder);
        var test = Cifar10DataSet.Load(ml, cifar, DataSetSplit.Test, count);
        var rows = ml.Data.CreateEnumerable<ImageRow>(test.Data, reuseRowObject: false).ToList();
        var paths = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            string path = Path.Combine(folder, Invariant($"{i:D5}.png"));
            using (var image = Image.Load(rows[i].Image))
                image.SaveAsPng(path);
            paths.Add(path);
        }
        return (paths, rows.Select(r => r.Label).ToList());
    }

    /// <summary>Images/s of the scorer's decoding alone (read, decode, CHW floats) with <paramref name="threads"/> threads.</summary>
    private static double DecodeRate(List<string> paths, int threads)
    {
        var settings = new ImageTensorSettings(32, 32);
        void DecodeAll(IEnumerable<string> files) => Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new float[settings.Length], (path, _, pixels) => { ImageDecoding.DecodeFileToChw(path, settings, pixels); return pixels; }, _ => { });
        DecodeAll(paths.Take(256)); // warm-up: JIT and ImageSharp's caches
        return Math.Round(Rate(paths.Count, () => DecodeAll(paths)), 1);
    }

    private static List<float[]> Decode(IEnumerable<string> paths, ImageTensorSettings settings) =>
        paths.AsParallel().AsOrdered().Select(p => ImageDecoding.DecodeFileToChw(p, settings)).ToList();

    /// <summary>Images/s of a plain ONNX Runtime session (default options, as a user would create it) on batches of 64 in memory.</summary>
    private static double RawOnnx(byte[] onnx, List<float[]> tensors)
    {
        using var session = new InferenceSession(onnx);
        string input = session.InputMetadata.Keys.Single();
        string score = session.OutputMetadata.Keys.First(k => k != FirstSlotMapping.InputColumn);
        int length = tensors[0].Length;
        var batches = tensors.Chunk(Batch).Select(chunk =>
        {
            var buffer = new float[chunk.Length * length];
            for (int i = 0; i < chunk.Length; i++) chunk[i].CopyTo(buffer, i * length);
            return OrtValue.CreateTensorValueFromMemory(buffer, [chunk.Length, 3, 32, 32]);
        }).ToList();
        try
        {
            using (session.Run(new RunOptions(), [input], [batches[0]], [score])) { } // warm-up
            return Rate(tensors.Count, () =>
            {
                foreach (var batch in batches)
                    using (session.Run(new RunOptions(), [input], [batch], [score])) { }
            });
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    /// <summary>Images/s of ML.NET's <c>Transform</c> of the loaded model over image paths (one ONNX Runtime call per row).</summary>
    private static double RowByRow(MLContext ml, ITransformer model, IEnumerable<string> paths)
    {
        var rows = paths.Select(p => new PathRow { ImagePath = p }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        return Rate(rows.Count, () => model.Transform(data).GetColumn<float[]>("Score").Count());
    }

    private static void Consume(IEnumerable<ImagePrediction> predictions)
    {
        foreach (var prediction in predictions)
            if (!prediction.Succeeded) throw new InvalidOperationException(prediction.Error);
    }

    private static double Rate(int images, Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return images / clock.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int RoundToBatch(double images) => Math.Max(Batch, (int)(images / Batch) * Batch);

    private sealed class PathRow
    {
        public string ImagePath { get; set; } = "";

        public string Label { get; set; } = "";
    }
}

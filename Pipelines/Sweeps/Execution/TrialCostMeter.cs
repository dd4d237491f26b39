using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Summary;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>What a completed trial's model costs: size, compute, speed of scoring and of training, memory.</summary>
internal static class TrialCostMeter
{
    private const int WarmUpRuns = 5;
    private const int TimedRuns = 30;

    /// <summary>Measures the cost of <paramref name="model"/>, whose graph was saved to <paramref name="onnxPath"/>.</summary>
    /// <param name="model">The completed trial's model.</param>
    /// <param name="config">What the trial trained (the architecture's settings build the network summarised).</param>
    /// <param name="onnxPath">The saved scoring graph.</param>
    /// <param name="data">The sweep's data: one validation image is scored for the latency.</param>
    /// <param name="trainSeconds">Training wall time over all of the trial's sessions.</param>
    public static TrialCost Measure(ImageClassificationTransformer model, TrialConfig config, string onnxPath, TrialData data, double trainSeconds)
    {
        var info = model.Info;
        var summary = ModelSummary.Create(info.Architecture, new ModelSpec(info.Channels, info.ClassNames.Count, info.Height, config.Settings));
        double imagesPerSecond = info.History.Count == 0 ? 0 : info.History.Average(e => e.ImagesPerSecond);
        return new TrialCost(summary.TrainableParameters, summary.MultiplyAdds, new FileInfo(onnxPath).Length,
            MedianLatencyMilliseconds(onnxPath, FirstImage(data)), trainSeconds, imagesPerSecond, PeakMemoryMegabytes(), info.TrainingDevice);
    }

    /// <summary>The median of single-image runs on ONNX Runtime with one intra-op and one inter-op thread, after warm-up runs.</summary>
    private static double MedianLatencyMilliseconds(string onnxPath, float[] image)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnxPath, options);
        var (name, input) = session.InputMetadata.First();
        int[] shape = input.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
        if (shape.Aggregate(1L, (a, d) => a * d) != image.Length)
            throw new InvalidOperationException(
                $"The ONNX graph '{onnxPath}' takes '{name}' of shape [{string.Join(", ", input.Dimensions)}]; a validation image has {image.Length} values.");
        var inputs = new[] { NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(image, shape)) };
        var times = new double[TimedRuns];
        for (int run = -WarmUpRuns; run < TimedRuns; run++)
        {
            long start = Stopwatch.GetTimestamp();
            using (session.Run(inputs)) { }
            if (run >= 0) times[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[(TimedRuns - 1) / 2] + times[TimedRuns / 2]) / 2;
    }

    private static float[] FirstImage(TrialData data)
    {
        var column = data.Validation.Schema[data.ImageColumnName];
        using var cursor = data.Validation.GetRowCursor([column]);
        if (!cursor.MoveNext())
            throw new InvalidOperationException("The validation data has no rows: no image to time the model's latency on.");
        VBuffer<float> pixels = default;
        cursor.GetGetter<VBuffer<float>>(column)(ref pixels);
        return pixels.DenseValues().ToArray();
    }

    /// <summary>Peak resident memory of this process: <c>VmHWM</c> of <c>/proc/self/status</c> where there is one, else the peak working set.</summary>
    internal static double PeakMemoryMegabytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (string line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal) &&
                    long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kilobytes))
                    return kilobytes / 1024.0;
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}

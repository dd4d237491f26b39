using Microsoft.ML.OnnxRuntime;
using MlNetCnn.Trainers.Devices;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>Options of <see cref="ImageClassifierScorer"/>: batching, decoding threads, ONNX Runtime settings and errors.</summary>
public sealed class ImageClassifierScorerOptions
{
    /// <summary>Images per ONNX Runtime call; at least 1. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Threads that read, decode and resize images on the CPU; at least 1. Default: one per processor.</summary>
    public int DecodeThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// ONNX Runtime's intra-op threads (the threads one operator, such as a convolution, runs on); 0 lets ONNX Runtime
    /// choose (one per physical core). Default 0.
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>ONNX Runtime's graph optimisation level. Default: all optimisations (constant folding, fusions, layout).</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Where ONNX Runtime scores: CUDA when its provider loads, else the CPU (<see cref="ScoringDevice.Auto"/>, the default).</summary>
    public ScoringDevice Device { get; set; } = ScoringDevice.Auto;

    /// <summary>The CUDA device used when scoring on CUDA. Default 0.</summary>
    public int GpuDeviceId { get; set; }

    /// <summary>
    /// When false (the default) an image that cannot be read or decoded gives a failed <see cref="ImagePrediction"/> (with the
    /// file and the reason) and the others are still scored; when true the first such image stops scoring with an exception.
    /// </summary>
    public bool StopOnFirstError { get; set; }

    /// <summary>The folder that relative image paths are resolved against; null to use the model's image folder (if any).</summary>
    public string? ImageFolder { get; set; }

    /// <summary>Checks the options and returns a copy, so that later changes to this object do not affect a scorer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it and its value.</exception>
    internal ImageClassifierScorerOptions Validated()
    {
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Check(DecodeThreads >= 1, nameof(DecodeThreads), DecodeThreads, "at least 1");
        Check(IntraOpThreads >= 0, nameof(IntraOpThreads), IntraOpThreads, "0 (ONNX Runtime's choice) or more");
        Check(GpuDeviceId >= 0, nameof(GpuDeviceId), GpuDeviceId, "0 or more");
        Check(Enum.IsDefined(Device), nameof(Device), Device, "Auto, Cpu or Cuda");
        Check(Enum.IsDefined(GraphOptimizationLevel), nameof(GraphOptimizationLevel), GraphOptimizationLevel, "a GraphOptimizationLevel value");
        return (ImageClassifierScorerOptions)MemberwiseClone();
    }

    private static void Check(bool valid, string name, object value, string expected)
    {
        if (!valid)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}; got {value}.");
    }
}

using Microsoft.ML.OnnxRuntime;
using MlNetCnn.Trainers.Devices;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// One ONNX Runtime session over a scoring graph that scores whole batches: <c>[n, C, H, W]</c> pixels in, <c>[n, K]</c>
/// probabilities out (only the probability output is computed). On CUDA the batch goes through I/O binding (the input is
/// copied to the device once, the output bound to CPU memory); on the CPU the input tensor wraps the caller's buffer, no copy.
/// </summary>
internal sealed class OnnxBatchSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly ScoringGraph _graph;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OnnxBatchSession(ScoringGraph graph, ImageClassifierScorerOptions options)
    {
        _graph = graph;
        Device = ScoringDeviceSelection.Select(options.Device, options.GpuDeviceId);
        using var sessionOptions = CreateSessionOptions(Device, options);
        _session = new InferenceSession(graph.OnnxModel, sessionOptions);
        _inputNames = [graph.InputName];
        _outputNames = [graph.ScoreName];
    }

    /// <summary>The device ONNX Runtime scores on, with the reason when CUDA was wanted but is not used.</summary>
    public SelectedScoringDevice Device { get; }

    /// <summary>The session options for <paramref name="device"/>: CUDA provider or CPU, threads and graph optimisation.</summary>
    internal static SessionOptions CreateSessionOptions(SelectedScoringDevice device, ImageClassifierScorerOptions options)
    {
        var sessionOptions = device.UseCuda ? SessionOptions.MakeSessionOptionWithCudaProvider(device.GpuDeviceId) : new SessionOptions();
        sessionOptions.GraphOptimizationLevel = options.GraphOptimizationLevel;
        sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        sessionOptions.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        return sessionOptions;
    }

    /// <summary>Scores the first <paramref name="count"/> images of <paramref name="pixels"/> into <paramref name="scores"/> (<c>count × K</c>).</summary>
    public void Run(float[] pixels, int count, Span<float> scores)
    {
        long[] shape = [count, _graph.Channels, _graph.Height, _graph.Width];
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, count * _graph.ImageLength), shape);
        if (Device.UseCuda)
            RunBound(input, scores);
        else
        {
            using var outputs = _session.Run(_run, _inputNames, [input], _outputNames);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(scores);
        }
    }

    private void RunBound(OrtValue input, Span<float> scores)
    {
        using var binding = _session.CreateIoBinding();
        binding.BindInput(_graph.InputName, input);
        binding.BindOutputToDevice(_graph.ScoreName, OrtMemoryInfo.DefaultInstance);
        binding.SynchronizeBoundInputs();
        _session.RunWithBinding(_run, binding);
        binding.SynchronizeBoundOutputs();
        using var outputs = binding.GetOutputValues();
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(scores);
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}

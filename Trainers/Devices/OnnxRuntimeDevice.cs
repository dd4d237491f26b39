using Microsoft.ML.OnnxRuntime;

namespace MlNetCnn.Trainers.Devices;

/// <summary>
/// Whether ONNX Runtime's CUDA execution provider can be used here. The answer comes from really creating
/// session options with the CUDA provider (which loads the CUDA libraries), once per device index.
/// </summary>
public static class OnnxRuntimeDevice
{
    private static readonly Dictionary<int, (bool Available, string Reason)> Probes = new();

    /// <summary>True when the CUDA provider loads for <paramref name="gpuDeviceId"/>; <paramref name="reason"/> says why not.</summary>
    public static bool IsCudaAvailable(int gpuDeviceId, out string reason)
    {
        lock (Probes)
        {
            if (!Probes.TryGetValue(gpuDeviceId, out var probe))
                Probes[gpuDeviceId] = probe = Probe(gpuDeviceId);
            reason = probe.Reason;
            return probe.Available;
        }
    }

    /// <summary>The scoring device for a request: <c>cuda:N</c> when usable, else <c>cpu</c> with the reason.</summary>
    public static (int? GpuDeviceId, string Description) Choose(bool preferCuda, int gpuDeviceId)
    {
        var device = ScoringDeviceSelection.Select(preferCuda ? ScoringDevice.Auto : ScoringDevice.Cpu, gpuDeviceId);
        return (device.UseCuda ? gpuDeviceId : null, device.Description);
    }

    private static (bool, string) Probe(int gpuDeviceId)
    {
        // ONNX Runtime logs a failed provider load as an error; the probe expects that on CPU machines.
        var environment = OrtEnv.Instance();
        var level = environment.EnvLogLevel;
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            using var options = SessionOptions.MakeSessionOptionWithCudaProvider(gpuDeviceId);
            return (true, "available");
        }
        catch (Exception error) when (error is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            string message = error.Message.Split('\n')[0];
            return (false, message.Length > 160 ? message[..160] + "…" : message);
        }
        finally
        {
            environment.EnvLogLevel = level;
        }
    }
}

using System.Globalization;

namespace MlNetCnn.Benchmarks;

/// <summary>The benchmark's command line.</summary>
/// <param name="Settings">Architecture settings from <c>--set key=value[,key=value]</c> (for example <c>width=8</c>).</param>
/// <param name="Threads">TorchSharp's intra-op threads for the step benchmarks (<c>--threads</c>); null keeps libtorch's default.</param>
/// <param name="Clock">The step benchmarks' clock, <c>wall</c> or <c>cpu</c> (see <see cref="StepClock"/>).</param>
/// <param name="Variants">The step variants <c>--mode variants</c> compares (see <see cref="StepVariants"/>).</param>
/// <param name="Images">At most this many CIFAR-10 test images for <c>--mode scoring</c> (<c>--images</c>, default 10000).</param>
internal sealed record BenchmarkOptions(
    IReadOnlyList<string> Architectures, int InChannels, int? ImageSize, int BatchSize, int Steps, int Epochs,
    int LatencyIterations, string? OutputPath, string Mode, string? CifarDirectory, int FolderImages,
    IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> Variants, int? Threads, string Clock, int Images)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length)
                throw new ArgumentException($"Expected --name value pairs; got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchmarkOptions(
            (values.GetValueOrDefault("arch") ?? "resnet18_cifar").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Int("in-channels", 3),
            values.ContainsKey("image-size") ? Int("image-size", 0) : null,
            Int("batch-size", 128), Int("steps", 10), Int("epochs", 3), Int("latency-iterations", 200),
            values.GetValueOrDefault("out"),
            values.GetValueOrDefault("mode") ?? "architectures", values.GetValueOrDefault("cifar-dir"), Int("folder-images", 300),
            ParseSettings(values.GetValueOrDefault("set")),
            (values.GetValueOrDefault("variants") ?? "loop").Split(',', StringSplitOptions.RemoveEmptyEntries),
            values.ContainsKey("threads") ? Int("threads", 0) : null, values.GetValueOrDefault("clock") ?? "wall", Int("images", 10000));
    }

    private static Dictionary<string, string> ParseSettings(string? text)
    {
        var settings = new Dictionary<string, string>();
        foreach (string pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            if (equals < 1) throw new ArgumentException($"--set expects key=value[,key=value]; got '{pair}'.");
            settings[pair[..equals]] = pair[(equals + 1)..];
        }
        return settings;
    }
}

using System.Globalization;

namespace MlNetCnn.Benchmarks;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<string> Architectures, int InChannels, int? ImageSize, int BatchSize, int Steps, int Epochs,
    int LatencyIterations, string? OutputPath, string Mode, string? CifarDirectory, int FolderImages)
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
            values.GetValueOrDefault("mode") ?? "architectures", values.GetValueOrDefault("cifar-dir"), Int("folder-images", 300));
    }
}

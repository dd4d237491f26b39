using System.Text.Json;
using MlNetCnn.Benchmarks;

// Measures MlNetCnn through its public API: training images/s (through the trainer), single-image latency
// (PredictionEngine and a raw ONNX Runtime session on the same ONNX graph), batch-64 throughput and peak memory.
// Usage: dotnet run --project benchmarks/MlNetCnn.Benchmarks -c Release -- [--arch resnet18_cifar,...]
//        [--in-channels 3] [--image-size S] [--set key=value,...] [--batch-size 128] [--steps 10] [--epochs 3] [--out results.json]
//    or: dotnet run --project benchmarks/MlNetCnn.Benchmarks -c Release -- --mode data --cifar-dir ../shared/data/cifar10
//        [--batch-size 128] [--steps 10] [--folder-images 300] [--out results.json]: the data path (see DataPathBenchmark).
//    or: dotnet run --project benchmarks/MlNetCnn.Benchmarks -c Release -- --mode scoring --cifar-dir ../shared/data/cifar10
//        --arch cifarnet,resnet9,resnet18_cifar [--images 10000] [--out results.json]: scoring paths (see ScoringBenchmark).
//    or: dotnet run --project benchmarks/MlNetCnn.Benchmarks -c Release -- --mode step --arch resnet9 --set width=8
//        [--in-channels 1] [--image-size 28] [--steps 30]: where one training step spends its time (see StepProfile).
var options = BenchmarkOptions.Parse(args);
object report = options.Mode switch
{
    "architectures" => new { tool = "MlNetCnn", measured_at = DateTime.UtcNow, architectures = Architectures(options) },
    "data" => new { tool = "MlNetCnn", measured_at = DateTime.UtcNow, data_path = DataPathBenchmark.Run(options) },
    "step" => new { tool = "MlNetCnn", measured_at = DateTime.UtcNow, steps = options.Architectures.ToDictionary(a => a, a => StepProfile.Run(a, options)) },
    "scoring" => new { tool = "MlNetCnn", measured_at = DateTime.UtcNow, scoring = ScoringBenchmark.Run(options) },
    "variants" => new { tool = "MlNetCnn", measured_at = DateTime.UtcNow, variants = options.Architectures.ToDictionary(a => a, a => StepVariants.Run(a, options)) },
    var other => throw new ArgumentException($"Unknown --mode '{other}'; expected 'architectures' (default), 'data', 'scoring', 'step' or 'variants'."),
};
string json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
if (options.OutputPath is null) Console.WriteLine(json);
else File.WriteAllText(options.OutputPath, json);
return 0;

static Dictionary<string, object> Architectures(BenchmarkOptions options)
{
    var results = new Dictionary<string, object>();
    foreach (string arch in options.Architectures)
    {
        Console.Error.WriteLine($"== {arch}");
        var result = ArchitectureBenchmark.Run(arch, options);
        results[arch] = result;
        Console.Error.WriteLine(JsonSerializer.Serialize(result));
    }
    return results;
}

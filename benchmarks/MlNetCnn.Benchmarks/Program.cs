using System.Text.Json;
using MlNetCnn.Benchmarks;

// Measures MlNetCnn through its public API: training images/s (through the trainer), single-image latency
// (PredictionEngine and a raw ONNX Runtime session on the same ONNX graph), batch-64 throughput and peak memory.
// Usage: dotnet run --project benchmarks/MlNetCnn.Benchmarks -c Release -- [--arch resnet18_cifar,...]
//        [--in-channels 3] [--image-size S] [--batch-size 128] [--steps 10] [--epochs 3] [--out results.json]
var options = BenchmarkOptions.Parse(args);
var results = new Dictionary<string, object>();
foreach (string arch in options.Architectures)
{
    Console.Error.WriteLine($"== {arch}");
    var result = ArchitectureBenchmark.Run(arch, options);
    results[arch] = result;
    Console.Error.WriteLine(JsonSerializer.Serialize(result));
}
string json = JsonSerializer.Serialize(new { tool = "MlNetCnn", measured_at = DateTime.UtcNow, architectures = results },
    new JsonSerializerOptions { WriteIndented = true });
if (options.OutputPath is null) Console.WriteLine(json);
else File.WriteAllText(options.OutputPath, json);
return 0;

using System.Diagnostics;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using MlNetCnn.Tests.Support;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models.Weights;

/// <summary>Parity with real torchvision, when the machine has it (Debian: apt-get install python3-torch python3-torchvision).</summary>
[TestClass]
public sealed class WeightLoaderPythonTests
{
    private const string Python = "/usr/bin/python3";

    [TestMethod]
    [TestCategory("Python")]
    public void Load_TorchvisionResNet18StateDict_LogitsMatchTorchvision()
    {
        var (probe, probeOutput) = Run("-c \"import torch, torchvision\"");
        if (probe != 0)
            Assert.Inconclusive($"{Python} cannot import torch and torchvision ({probeOutput.Trim()}); install python3-torch and python3-torchvision to run this check.");

        string folder = Directory.CreateTempSubdirectory("mlnetcnn-torchvision-").FullName;
        try
        {
            string script = Path.Combine(AppContext.BaseDirectory, "Python", "torchvision_resnet18.py");
            var (code, output) = Run($"\"{script}\" \"{folder}\" 64");
            Assert.AreEqual(0, code, output);

            using var network = ArchitectureRegistry.Create("resnet18", new ModelSpec(3, 1000, 64));
            var result = WeightLoader.Load(network, Path.Combine(folder, "resnet18.safetensors"));
            Assert.IsEmpty(result.Kept);
            network.eval();

            using var io = new SafeTensorsReader(Path.Combine(folder, "io.safetensors"));
            using var x = tensor(io.ReadSingles("input"), io.Entries["input"].Shape);
            float[] expected = io.ReadSingles("logits");
            float[] actual;
            using (no_grad()) actual = network.forward(x).data<float>().ToArray();
            double tolerance = 1e-4 * expected.Max(Math.Abs);
            double difference = TorchAssert.MaxAbsDifference(expected, actual);
            Assert.IsLessThanOrEqualTo(tolerance, difference, $"max |MlNetCnn − torchvision| = {difference:G3}");
            Console.WriteLine($"resnet18 vs torchvision: max |difference| {difference:G3}, largest logit {expected.Max(Math.Abs):G3}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string arguments)
    {
        if (!File.Exists(Python)) return (-1, $"{Python} does not exist");
        using var process = Process.Start(new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}

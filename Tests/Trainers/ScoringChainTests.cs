using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Tests.Trainers;

[TestClass]
public sealed class ScoringChainTests
{
    [TestMethod]
    public void Build_GpuRequestedOnMachineWithoutIt_FallsBackToCpuWithSameScores()
    {
        var ml = new MLContext(1);
        var rows = TensorRow.Load(ml, 4, new[] { "a", "b" }, 3);
        using var network = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 2, 8));
        var spec = new ScoringGraphSpec("Features", 3, 8, 8, new[] { .5f, .5f, .5f }, new[] { .25f, .25f, .25f }, new[] { "a", "b" },
            PredictedClassName: FirstSlotMapping.InputColumn);
        byte[] onnx = OnnxExporter.ExportScoring(network, spec);

        var cpu = ScoringChain.Build(ml, rows, onnx, "Features", "Score", "PredictedLabel", spec.ClassNames, gpuDeviceId: null);
        var gpuOrFallback = ScoringChain.Build(ml, rows, onnx, "Features", "Score", "PredictedLabel", spec.ClassNames, gpuDeviceId: 0);

        var expected = cpu.Transform(rows).GetColumn<float[]>("Score").ToList();
        var actual = gpuOrFallback.Transform(rows).GetColumn<float[]>("Score").ToList();
        for (int i = 0; i < expected.Count; i++)
            for (int k = 0; k < 2; k++) Assert.AreEqual(expected[i][k], actual[i][k], 1e-5f);
    }
}

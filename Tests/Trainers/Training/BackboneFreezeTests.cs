using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>BatchNorm kept in evaluation mode while a network trains: its running statistics stay, everything else trains.</summary>
[TestClass]
public sealed class BackboneFreezeTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void KeepBatchNormInEvaluation_TrainingForward_LeavesTheRunningStatisticsAsTheyWere(bool kept)
    {
        manual_seed(1);
        using var network = ArchitectureRegistry.Get("resnet18").Create(new ModelSpec(3, 4, 32));
        network.train();
        if (kept) BackboneFreeze.KeepBatchNormInEvaluation(network);
        var before = RunningStatistics(network);

        using (no_grad())
        using (var batch = randn(8, 3, 32, 32))
            network.call(batch).Dispose();

        var after = RunningStatistics(network);
        Assert.AreEqual(kept, before.Keys.All(key => before[key].SequenceEqual(after[key])), "running statistics unchanged");
        Assert.IsTrue(network.training, "the network itself stays in training mode");
        Assert.AreEqual(kept, network.named_modules().Where(m => m.module is TorchSharp.Modules.BatchNorm2d).All(m => !m.module.training));
    }

    private static Dictionary<string, float[]> RunningStatistics(nn.Module network) =>
        network.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal) || b.name.EndsWith("running_var", StringComparison.Ordinal))
            .ToDictionary(b => b.name, b => b.buffer.data<float>().ToArray());
}

using MlNetCnn.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>The step's loss with label smoothing, and gradient clipping before the optimiser step.</summary>
[TestClass]
public sealed class TrainingStepTests
{
    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.3)]
    public void Loss_LabelSmoothing_MixesTheTrueClassWithTheUniformTarget(double smoothing)
    {
        using var scope = NewDisposeScope();
        double[] logits = { 2, 0, -1 };
        double logSum = Math.Log(logits.Sum(Math.Exp));
        double[] nll = logits.Select(l => logSum - l).ToArray();
        double expected = (1 - smoothing) * nll[0] + smoothing / 3 * nll.Sum();

        var loss = TrainingStep.Loss(tensor(logits.Select(l => (float)l).ToArray(), new long[] { 1, 3 }), tensor(new long[] { 0 }), smoothing);

        Assert.AreEqual(expected, loss.item<float>(), 1e-5);
    }

    [TestMethod]
    public void Run_GradientClipNorm_BoundsTheJointGradientNorm()
    {
        using var scope = NewDisposeScope();
        Assert.IsTrue(GradientNorm(clip: null) > 0.01, "the test needs a gradient larger than the clip");
        Assert.AreEqual(0.01, GradientNorm(clip: 0.01), 1e-5);
    }

    [TestMethod]
    public void Run_NonFiniteLoss_ReturnsItWithoutTouchingTheWeights()
    {
        using var scope = NewDisposeScope();
        var network = OptimizersTests.Network();
        using var optimizer = optim.SGD(network.parameters(), 0.1);
        var before = network.parameters().Select(p => p.detach().clone()).ToList();
        var (x, y) = OptimizersTests.Batch(6);
        x[0, 0, 0, 0] = float.NaN;

        var (_, _, value) = new TrainingStep(network, optimizer, labelSmoothing: 0, gradientClipNorm: null).Run(x, y);

        Assert.IsTrue(float.IsNaN(value));
        foreach (var (parameter, original) in network.parameters().Zip(before))
            Assert.IsTrue(parameter.detach().allclose(original, rtol: 0, atol: 0), "a step with a NaN loss changed a weight");
    }

    private static double GradientNorm(double? clip)
    {
        var network = OptimizersTests.Network();
        using var optimizer = optim.SGD(network.parameters(), 1e-6);
        var (x, y) = OptimizersTests.Batch(12);

        new TrainingStep(network, optimizer, labelSmoothing: 0, gradientClipNorm: clip).Run(x, y);

        return Math.Sqrt(network.parameters().Sum(p => p.grad!.pow(2).sum().item<float>()));
    }
}

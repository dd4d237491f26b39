using MlNetCnn.Models.Recipes;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>Each optimiser learns the easy <see cref="TensorRow"/> data; weight decay spares one-dimensional parameters when asked.</summary>
[TestClass]
public sealed class OptimizersTests
{
    private static readonly string[] Classes = { "r", "g", "b" };

    /// <summary>conv (weight, bias), BatchNorm (weight, bias), linear (weight, bias).</summary>
    internal static nn.Module<Tensor, Tensor> Network()
    {
        manual_seed(1);
        return nn.Sequential(("conv", nn.Conv2d(3, 4, 3)), ("bn", nn.BatchNorm2d(4)), ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", nn.Linear(4, 3)));
    }

    internal static (Tensor X, Tensor Y) Batch(int count)
    {
        var rows = TensorRow.Make(count, Classes, seed: 1);
        var x = tensor(rows.SelectMany(r => r.Features).ToArray(), new long[] { count, 3, 8, 8 });
        var y = tensor(rows.Select(r => (long)Array.IndexOf(Classes, r.Label)).ToArray());
        return (x, y);
    }

    private static TrainingRecipe Recipe(OptimizerKind kind, double lr, bool exempt = false) =>
        KnownRecipes.BatchNormNetwork with { Optimizer = kind, LearningRate = lr, WeightDecayExemptNormAndBias = exempt };

    [TestMethod]
    [DataRow(OptimizerKind.Sgd, 0.1, false)]
    [DataRow(OptimizerKind.Sgd, 0.1, true)]
    [DataRow(OptimizerKind.Adam, 0.01, false)]
    [DataRow(OptimizerKind.AdamW, 0.01, true)]
    public void Create_TwentySteps_ReduceTheLoss(OptimizerKind kind, double lr, bool exempt)
    {
        using var scope = NewDisposeScope();
        var network = Network();
        var recipe = Recipe(kind, lr, exempt) with { Nesterov = kind == OptimizerKind.Sgd };
        using var optimizer = Optimizers.Create(recipe, network);
        var step = new TrainingStep(network, optimizer, labelSmoothing: 0, gradientClipNorm: null);
        var (x, y) = Batch(30);

        float first = step.Run(x, y).Loss.item<float>();
        float last = first;
        for (int i = 0; i < 20; i++) last = step.Run(x, y).Loss.item<float>();

        Assert.IsTrue(last < first * 0.8, $"{kind}: loss {first} → {last}");
    }

    [TestMethod]
    public void SplitForWeightDecay_OneDimensionalParameters_AreExempt()
    {
        using var network = Network();
        var named = network.named_parameters().ToList();

        var (decayed, exempt) = Optimizers.SplitForWeightDecay(named);

        string Names(IEnumerable<TorchSharp.Modules.Parameter> ps) => string.Join(",", ps.Select(p => named.Single(n => ReferenceEquals(n.parameter, p)).name));
        Assert.AreEqual("conv.weight,fc.weight", Names(decayed));
        Assert.AreEqual("conv.bias,bn.weight,bn.bias,fc.bias", Names(exempt));
    }

    [TestMethod]
    [DataRow(OptimizerKind.Sgd)]
    [DataRow(OptimizerKind.Adam)]
    [DataRow(OptimizerKind.AdamW)]
    public void Create_ExemptNormAndBias_DecaysOnlyTheWeights(OptimizerKind kind)
    {
        using var scope = NewDisposeScope();
        var network = Network();
        var recipe = Recipe(kind, 0.1, exempt: true) with { WeightDecay = 0.5, Momentum = 0 };
        using var optimizer = Optimizers.Create(recipe, network);
        Assert.AreEqual(2, optimizer.ParamGroups.Count());
        var before = network.named_parameters().ToDictionary(n => n.name, n => n.parameter.detach().clone());

        // A zero loss: every gradient is zero, so only weight decay moves a parameter.
        var (x, _) = Batch(6);
        optimizer.zero_grad();
        network.forward(x).sum().mul(0).backward();
        optimizer.step();

        foreach (var (name, p) in network.named_parameters())
        {
            bool moved = !p.detach().allclose(before[name]);
            Assert.AreEqual(p.dim() > 1, moved, $"{kind}: {name} {(moved ? "decayed" : "did not decay")}");
        }
    }

    [TestMethod]
    public void Create_BackboneScaleWithExemption_GivesHeadAndBackboneTheirRatesAndKeepsTheExemption()
    {
        using var scope = NewDisposeScope();
        var network = Network();
        var recipe = Recipe(OptimizerKind.Sgd, 0.02, exempt: true) with { BackboneLearningRateScale = 0.1, WeightDecay = 1e-4 };

        using var optimizer = Optimizers.Create(recipe, network, headPrefix: "fc.");

        var groups = optimizer.ParamGroups.Cast<TorchSharp.Modules.SGD.ParamGroup>()
            .Select(g => (Rate: g.LearningRate, Decay: g.Options.weight_decay!.Value, Count: g.Parameters.Count())).ToList();
        // Backbone: conv weight (decayed); conv bias, BatchNorm weight and bias (exempt). Head: fc weight; fc bias.
        CollectionAssert.AreEqual(new[] { (0.002, 1e-4, 1), (0.002, 0.0, 3), (0.02, 1e-4, 1), (0.02, 0.0, 1) },
            groups.Select(g => (Math.Round(g.Rate, 12), g.Decay, g.Count)).ToArray());
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 1, 1 }, Optimizers.RateScales(optimizer, recipe).Select(r => Math.Round(r, 12)).ToArray());
    }

    [TestMethod]
    public void Create_BackboneScaleOne_KeepsOneRateForAll()
    {
        using var scope = NewDisposeScope();
        var network = Network();

        using var optimizer = Optimizers.Create(Recipe(OptimizerKind.Sgd, 0.05), network, headPrefix: "fc.");

        Assert.AreEqual(1, optimizer.ParamGroups.Count());
        Assert.AreEqual(0.05, optimizer.ParamGroups.Single().LearningRate);
    }
}

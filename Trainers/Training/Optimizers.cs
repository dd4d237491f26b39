using MlNetCnn.Models.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>Creates the optimiser the options ask for, over one or two parameter groups.</summary>
internal static class Optimizers
{
    /// <summary>
    /// The optimiser of <paramref name="recipe"/> for <paramref name="network"/>. With <c>WeightDecayExemptNormAndBias</c>, two groups: the decayed
    /// (see <see cref="SplitForWeightDecay"/>) and the exempt with weight decay 0.
    /// </summary>
    public static optim.Optimizer Create(TrainingRecipe recipe, nn.Module network)
    {
        var (decayed, exempt) = recipe.WeightDecayExemptNormAndBias
            ? SplitForWeightDecay(network.named_parameters())
            : (network.parameters().ToList(), new List<Parameter>());
        double lr = recipe.LearningRate, wd = recipe.WeightDecay;
        return recipe.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(Groups(decayed, exempt,
                (p, decay) => new SGD.ParamGroup(p, lr, recipe.Momentum, weight_decay: decay, nesterov: recipe.Nesterov)), lr),
            OptimizerKind.Adam => optim.Adam(Groups(decayed, exempt, (p, decay) => new Adam.ParamGroup(p, lr, weight_decay: decay)), lr),
            OptimizerKind.AdamW => optim.AdamW(Groups(decayed, exempt, (p, decay) => new AdamW.ParamGroup(p, lr, weight_decay: decay)), lr),
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Optimizer, "Unknown optimizer."),
        };

        IEnumerable<TGroup> Groups<TGroup>(List<Parameter> withDecay, List<Parameter> without, Func<IEnumerable<Parameter>, double, TGroup> group)
        {
            yield return group(withDecay, wd);
            if (without.Count > 0) yield return group(without, 0);
        }
    }

    /// <summary>
    /// Splits parameters as timm does: those with one dimension or none (biases, BatchNorm weights and biases) get no weight
    /// decay; the others (convolution and linear weights) do.
    /// </summary>
    public static (List<Parameter> Decayed, List<Parameter> Exempt) SplitForWeightDecay(IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        var decayed = new List<Parameter>();
        var exempt = new List<Parameter>();
        foreach (var (_, p) in parameters) (p.dim() <= 1 ? exempt : decayed).Add(p);
        return (decayed, exempt);
    }
}

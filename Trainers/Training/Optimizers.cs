using MlNetCnn.Models.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>Creates the optimiser the options ask for, over one to four parameter groups.</summary>
internal static class Optimizers
{
    /// <summary>
    /// The optimiser of <paramref name="recipe"/> for <paramref name="network"/>. With <c>WeightDecayExemptNormAndBias</c>, two
    /// groups: the decayed (see <see cref="SplitForWeightDecay"/>) and the exempt with weight decay 0. With a
    /// <c>BackboneLearningRateScale</c> other than 1 and a <paramref name="headPrefix"/>, that split is made twice: for the
    /// backbone, whose groups start at the recipe's rate times the scale, and for the head (keys under the prefix).
    /// </summary>
    public static optim.Optimizer Create(TrainingRecipe recipe, nn.Module network, string? headPrefix = null)
    {
        var groups = Groups(recipe, network, headPrefix).ToList();
        return recipe.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(groups.Select(g =>
                new SGD.ParamGroup(g.Parameters, g.LearningRate, recipe.Momentum, weight_decay: g.WeightDecay, nesterov: recipe.Nesterov)), recipe.LearningRate),
            OptimizerKind.Adam => optim.Adam(groups.Select(g => new Adam.ParamGroup(g.Parameters, g.LearningRate, weight_decay: g.WeightDecay)), recipe.LearningRate),
            OptimizerKind.AdamW => optim.AdamW(groups.Select(g => new AdamW.ParamGroup(g.Parameters, g.LearningRate, weight_decay: g.WeightDecay)), recipe.LearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Optimizer, "Unknown optimizer."),
        };
    }

    /// <summary>
    /// Each parameter group's learning rate as a multiple of the recipe's, read from an optimiser <see cref="Create"/> just
    /// made: the training loop sets every group to the scheduled rate times its multiple.
    /// </summary>
    public static double[] RateScales(optim.Optimizer optimizer, TrainingRecipe recipe) =>
        optimizer.ParamGroups.Select(g => g.LearningRate / recipe.LearningRate).ToArray();

    private static IEnumerable<(List<Parameter> Parameters, double LearningRate, double WeightDecay)> Groups(TrainingRecipe recipe, nn.Module network,
        string? headPrefix)
    {
        var named = network.named_parameters().ToList();
        var parts = headPrefix is not null && recipe.BackboneLearningRateScale != 1
            ? new[]
            {
                (named.Where(p => !p.name.StartsWith(headPrefix, StringComparison.Ordinal)).ToList(), recipe.LearningRate * recipe.BackboneLearningRateScale),
                (named.Where(p => p.name.StartsWith(headPrefix, StringComparison.Ordinal)).ToList(), recipe.LearningRate),
            }
            : new[] { (named, recipe.LearningRate) };
        foreach (var (members, rate) in parts)
        {
            if (!recipe.WeightDecayExemptNormAndBias)
            {
                yield return (members.Select(p => p.parameter).ToList(), rate, recipe.WeightDecay);
                continue;
            }
            var (decayed, exempt) = SplitForWeightDecay(members);
            yield return (decayed, rate, recipe.WeightDecay);
            if (exempt.Count > 0) yield return (exempt, rate, 0);
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

using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Mixup (Zhang et al. 2018, "mixup: Beyond Empirical Risk Minimization"): each training batch is blended with a shuffled
/// copy of itself, <c>λ·x + (1−λ)·x[π]</c>, and the loss is the same blend of the two targets' losses, with one
/// <c>λ ~ Beta(α, α)</c> per batch. It regularises networks that fit a small training set, as in fine-tuning on a few
/// hundred photos. Random numbers come from the run's seeded generator, so a seed (and a resumed checkpoint) reproduces
/// the same batches.
/// </summary>
internal sealed class Mixup
{
    private readonly double _alpha;
    private readonly Generator? _generator;

    /// <param name="alpha">The Beta distribution's parameter α; 0 turns mixup off.</param>
    /// <param name="generator">The run's generator, or null for the global one.</param>
    public Mixup(double alpha, Generator? generator)
    {
        _alpha = alpha;
        _generator = generator;
    }

    /// <summary>Whether batches are mixed.</summary>
    public bool IsActive => _alpha > 0;

    /// <summary>
    /// Mixes a batch: returns the blended images and the targets of the images blended in, with their weight
    /// <c>1 − λ</c>. Tensors are created in the caller's dispose scope.
    /// </summary>
    public (Tensor X, MixedTargets Targets) Apply(Tensor x, Tensor y)
    {
        // Beta(α, α) as G₁ / (G₁ + G₂) with two Gamma(α, 1) draws from the run's generator.
        var gammas = _standard_gamma(full(2, _alpha, dtype: float64), _generator).data<double>().ToArray();
        double lambda = gammas[0] / (gammas[0] + gammas[1]);
        var permutation = randperm(x.shape[0], generator: _generator).to(x.device);
        var mixed = x.mul(lambda).add_(x.index_select(0, permutation).mul(1 - lambda));
        return (mixed, new MixedTargets(y.index_select(0, permutation), 1 - lambda));
    }
}

/// <summary>The targets blended into a mixed batch and their weight in the loss.</summary>
/// <param name="Other">The class indices of the images blended in.</param>
/// <param name="Weight">Their weight <c>1 − λ</c>, in [0, 1].</param>
internal sealed record MixedTargets(Tensor Other, double Weight);

namespace MlNetCnn.Models.Recipes;

/// <summary>The optimisation algorithm of a trainer.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with <c>Momentum</c> (and <c>Nesterov</c> momentum if set); weight decay as L2.</summary>
    Sgd,

    /// <summary>Adam (β = 0.9, 0.999); weight decay as L2 added to the gradient. Usually wants a rate near 1e-3.</summary>
    Adam,

    /// <summary>AdamW (β = 0.9, 0.999): Adam with weight decay decoupled from the gradient. Usually wants a rate near 1e-3.</summary>
    AdamW,
}

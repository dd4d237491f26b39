using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// One optimisation step: forward, (label-smoothed) cross-entropy, backward, gradient clipping, optimiser step. The
/// gradients of the previous step are dropped rather than zeroed (PyTorch's <c>zero_grad(set_to_none=True)</c>), so
/// backward writes fresh gradients instead of adding to zeros; SGD runs through <see cref="SgdUpdate"/>.
/// </summary>
internal sealed class TrainingStep
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly optim.Optimizer _optimizer;
    private readonly SgdUpdate? _sgd;
    private readonly Parameter[] _parameters;
    private readonly double _labelSmoothing;
    private readonly double? _gradientClipNorm;

    public TrainingStep(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer, double labelSmoothing, double? gradientClipNorm)
    {
        _network = network;
        _optimizer = optimizer;
        _sgd = optimizer is SGD sgd ? new SgdUpdate(sgd) : null;
        _parameters = network.parameters().ToArray();
        _labelSmoothing = labelSmoothing;
        _gradientClipNorm = gradientClipNorm;
    }

    /// <summary>
    /// Trains on one batch; returns its loss, its value and the logits. A loss that is not finite is returned without a
    /// backward pass or an optimiser step, so the network never trains on it. The gradients stay on the parameters until
    /// the next step. With <paramref name="mixed"/> (a batch mixed by <see cref="Mixup"/>), the loss blends the losses
    /// against both targets.
    /// </summary>
    public (Tensor Loss, Tensor Logits, float Value) Run(Tensor x, Tensor y, MixedTargets? mixed = null)
    {
        foreach (var parameter in _parameters) parameter.grad = null;
        var logits = _network.forward(x);
        var loss = Loss(logits, y, _labelSmoothing, mixed);
        float value = loss.item<float>();
        if (!float.IsFinite(value)) return (loss, logits, value);
        loss.backward();
        if (_gradientClipNorm is double maxNorm)
            nn.utils.clip_grad_norm_(_parameters.Where(p => p.grad is not null), maxNorm);
        if (_sgd is not null) _sgd.Step();
        else _optimizer.step();
        return (loss, logits, value);
    }

    /// <summary>
    /// Mean cross-entropy of <paramref name="logits"/> against class indices, with the targets smoothed by
    /// <paramref name="labelSmoothing"/>; for a mixed batch, <c>(1 − w)·loss(y) + w·loss(other)</c>.
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor y, double labelSmoothing, MixedTargets? mixed = null)
    {
        var loss = nn.functional.cross_entropy(logits, y, label_smoothing: labelSmoothing);
        if (mixed is null) return loss;
        return loss.mul(1 - mixed.Weight).add_(nn.functional.cross_entropy(logits, mixed.Other, label_smoothing: labelSmoothing).mul(mixed.Weight));
    }
}

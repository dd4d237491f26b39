using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The parameter update of a TorchSharp <see cref="SGD"/>, with the same arithmetic in the same order (so the same
/// numbers, bit for bit) but fewer operations per parameter: weight decay is added to the gradient in place instead of
/// into a new tensor, the momentum buffers are held directly instead of looked up by handle, and there is no dispose
/// scope per step. The state lives in the <see cref="SGD"/> itself, so its <c>state_dict</c> (the checkpoints) and
/// its <c>ParamGroups</c> (the learning rate) work as before.
/// </summary>
internal sealed class SgdUpdate
{
    private readonly (SGD.ParamGroup Group, (Parameter Parameter, SGD.State State)[] Members)[] _groups;

    /// <summary>Binds to the parameter groups and momentum state of <paramref name="sgd"/>.</summary>
    public SgdUpdate(SGD sgd)
    {
        // state_dict lists the states group by group, parameter by parameter: the order of ParamGroups.
        var states = sgd.state_dict().State.Cast<SGD.State>().GetEnumerator();
        _groups = sgd.ParamGroups.Cast<SGD.ParamGroup>()
            .Select(group => (group, group.Parameters.Select(p => (p, states.MoveNext() ? states.Current : throw new InvalidOperationException(
                "The SGD optimiser holds fewer states than parameters."))).ToArray()))
            .ToArray();
    }

    /// <summary>
    /// Updates every parameter that has a gradient, as <see cref="SGD.step"/> would. The gradients are left with the
    /// weight decay added (the optimiser's working copy); the next step replaces them.
    /// </summary>
    public void Step()
    {
        using var noGrad = no_grad();
        foreach (var (group, members) in _groups)
        {
            var options = group.Options;
            double lr = options.LearningRate!.Value, momentum = options.momentum!.Value, dampening = options.dampening!.Value;
            double weightDecay = options.weight_decay!.Value;
            bool nesterov = options.nesterov!.Value;
            double alpha = options.maximize!.Value ? lr : -lr;
            foreach (var (parameter, state) in members)
            {
                using var grad = parameter.grad;
                if (grad is null) continue;
                if (weightDecay != 0) grad.add_(parameter, alpha: weightDecay);
                var direction = grad;
                if (momentum != 0)
                {
                    if (state.momentum_buffer is not { } buffer)
                        state.momentum_buffer = buffer = grad.detach().clone().DetachFromDisposeScope();
                    else
                        buffer.mul_(momentum).add_(grad, alpha: 1 - dampening);
                    direction = nesterov ? grad.add_(buffer, alpha: momentum) : buffer;
                }
                parameter.add_(direction, alpha: alpha);
            }
        }
    }
}

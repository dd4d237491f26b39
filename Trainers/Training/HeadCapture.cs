using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Captures the input and output of a network's classifier head (the module at the architecture's <c>ClassifierPrefix</c>)
/// during a forward pass, with a forward pre-hook and a forward hook, for any architecture that invokes its head through
/// <c>call</c> (every registered one does). Removes its hooks on dispose.
/// </summary>
internal sealed class HeadCapture : IDisposable
{
    private readonly nn.Module<Tensor, Tensor>.HookRemover _preHook;
    private readonly nn.Module<Tensor, Tensor>.HookRemover _postHook;

    /// <summary>Hooks the head of <paramref name="network"/> at <paramref name="headPrefix"/> (e.g. <c>fc.</c>).</summary>
    /// <exception cref="ArgumentException">No single-input module has that name.</exception>
    public HeadCapture(nn.Module network, string headPrefix)
    {
        Head = Find(network, headPrefix);
        _preHook = Head.register_forward_pre_hook((_, input) =>
        {
            Input?.Dispose();
            Input = input.detach().clone().DetachFromDisposeScope();
            return input;
        });
        _postHook = Head.register_forward_hook((_, _, output) =>
        {
            Output?.Dispose();
            Output = output.detach().clone().DetachFromDisposeScope();
            return output;
        });
    }

    /// <summary>The head module.</summary>
    public nn.Module<Tensor, Tensor> Head { get; }

    /// <summary>The head's input of the last forward pass (owned here until <see cref="Take"/>), or null when the hook did not fire.</summary>
    public Tensor? Input { get; private set; }

    /// <summary>The head's output of the last forward pass, or null.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>The head module of <paramref name="network"/> at <paramref name="headPrefix"/>.</summary>
    public static nn.Module<Tensor, Tensor> Find(nn.Module network, string headPrefix)
    {
        string name = headPrefix.TrimEnd('.');
        var found = network.named_modules().FirstOrDefault(m => m.name == name).module;
        return found as nn.Module<Tensor, Tensor> ?? throw new ArgumentException(
            $"The network has no single-input module '{name}' (the classifier prefix '{headPrefix}'); found {(found is null ? "none" : found.GetType().Name)}.",
            nameof(headPrefix));
    }

    /// <summary>Hands the captured input and output to the caller, who disposes them, and forgets them.</summary>
    public (Tensor? Input, Tensor? Output) Take()
    {
        var taken = (Input, Output);
        Input = Output = null;
        return taken;
    }

    public void Dispose()
    {
        _preHook.remove();
        _postHook.remove();
        Input?.Dispose();
        Output?.Dispose();
    }
}

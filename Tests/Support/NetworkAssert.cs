using MlNetCnn.Models.Registry;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Support;

/// <summary>Checks shared by the architecture tests.</summary>
internal static class NetworkAssert
{
    /// <summary>The registered architecture built for <paramref name="classes"/> classes has <paramref name="expected"/> parameters.</summary>
    public static void ParameterCount(string name, int classes, long expected)
    {
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(3, classes));
        Assert.AreEqual(expected, network.parameters().Sum(p => p.numel()), $"{name} with {classes} classes");
    }

    /// <summary>The state dict of the architecture (1000 classes) has <paramref name="count"/> keys, among them <paramref name="keys"/>.</summary>
    public static void StateDictHas(string name, int count, params string[] keys)
    {
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(3, 1000));
        var actual = network.state_dict().Keys.ToHashSet();
        foreach (string key in keys)
            Assert.Contains(key, actual, $"{name}: no state-dict key {key}");
        Assert.HasCount(count, actual, $"{name}: state-dict keys");
    }

    /// <summary>
    /// A forward pass of a batch of two gives <c>[2, classes]</c> logits, and the gradient of their sum reaches
    /// <paramref name="firstParameter"/>.
    /// </summary>
    public static void GradientsReach(string name, ModelSpec spec, string firstParameter)
    {
        using var network = ArchitectureRegistry.Create(name, spec);
        int size = ArchitectureRegistry.Get(name).ImageSizeOf(spec);
        using var logits = network.forward(randn(2, spec.InChannels, size, size));
        CollectionAssert.AreEqual(new long[] { 2, spec.NumClasses }, logits.shape);
        logits.sum().backward();
        var grad = network.named_parameters().First(p => p.name == firstParameter).parameter.grad;
        Assert.IsNotNull(grad, $"{name}: no gradient at {firstParameter}");
        Assert.IsGreaterThan(0.0, grad.abs().sum().item<float>(), $"{name}: zero gradient at {firstParameter}");
    }
}

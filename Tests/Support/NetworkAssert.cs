using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Support;

/// <summary>Checks shared by the architecture tests.</summary>
internal static class NetworkAssert
{
    /// <summary>The state dict of the architecture (1000 classes) has <paramref name="count"/> keys, among them <paramref name="keys"/>.</summary>
    public static void StateDictHas(string name, int count, params string[] keys)
    {
        using var network = ArchitectureRegistry.Create(name, new ModelSpec(3, 1000));
        var actual = network.state_dict().Keys.ToHashSet();
        foreach (string key in keys)
            Assert.Contains(key, actual, $"{name}: no state-dict key {key}");
        Assert.HasCount(count, actual, $"{name}: state-dict keys");
    }
}

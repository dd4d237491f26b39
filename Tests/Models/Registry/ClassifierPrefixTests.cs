using MlNetCnn.Models.Registry;
using TorchSharp.Modules;

namespace MlNetCnn.Tests.Models.Registry;

[TestClass]
public sealed class ClassifierPrefixTests
{
    public static IEnumerable<object[]> Architectures => OnnxParityTests.Architectures;

    [TestMethod]
    [DynamicData(nameof(Architectures))]
    public void ClassifierPrefix_EveryArchitecture_CoversExactlyTheClassCountKeysAndTheLastLinear(string name)
    {
        var info = ArchitectureRegistry.Get(name);
        var settings = OnnxParityTests.LightSettings(info);
        int size = OnnxParityTests.TestImageSize(info);
        using var ten = info.Create(new ModelSpec(3, 10, size, settings));
        using var seven = info.Create(new ModelSpec(3, 7, size, settings));
        var sevenShapes = seven.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);

        var classCountKeys = ten.state_dict().Where(p => !p.Value.shape.SequenceEqual(sevenShapes[p.Key])).Select(p => p.Key).Order().ToList();
        var headKeys = ten.state_dict().Keys.Where(k => k.StartsWith(info.ClassifierPrefix, StringComparison.Ordinal)).Order().ToList();

        Assert.IsNotEmpty(headKeys, $"{name}: no state-dict key starts with '{info.ClassifierPrefix}'");
        CollectionAssert.AreEqual(classCountKeys, headKeys, $"{name}: '{info.ClassifierPrefix}' should hold exactly the keys that depend on the class count");
        var lastLinear = ten.named_modules().LastOrDefault(m => m.module is Linear).name;
        if (lastLinear is not null)
            StringAssert.StartsWith(lastLinear + ".", info.ClassifierPrefix, $"{name}: the last Linear is outside the head");
    }
}

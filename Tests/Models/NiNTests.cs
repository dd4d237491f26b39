using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class NiNTests
{
    /// <summary>
    /// d2l's NiN has no published count; these are summed by hand: blocks 96 (C·96·121+96 + 2·(96²+96)),
    /// 256 (96·256·25+256 + 2·(256²+256)), 384 (256·384·9+384 + 2·(384²+384)), classes (384·K·9+K + 2·(K²+K)).
    /// </summary>
    [TestMethod]
    [DataRow(1, 10, 1_992_166L)]
    [DataRow(3, 10, 2_015_398L)]
    public void Create_ParameterCountEqualsHandCount(int channels, int classes, long expected)
    {
        using var network = ArchitectureRegistry.Create("nin", new ModelSpec(channels, classes));
        Assert.AreEqual(expected, network.parameters().Sum(p => p.numel()));
    }

    [TestMethod]
    public void StateDict_UsesOneBlockLayout()
    {
        using var network = ArchitectureRegistry.Create("nin", new ModelSpec(3, 7));
        var shapes = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        CollectionAssert.AreEqual(new long[] { 96, 3, 11, 11 }, shapes["features.0.0.0.weight"]);
        CollectionAssert.AreEqual(new long[] { 96, 96, 1, 1 }, shapes["features.0.2.0.weight"]);
        CollectionAssert.AreEqual(new long[] { 7, 384, 3, 3 }, shapes["features.7.0.0.weight"]);
        Assert.AreEqual(4 * 3 * 2, shapes.Count);
    }

    [TestMethod]
    public void ExportBare_DefaultSize_OnnxRuntimeMatchesTorchSharp() =>
        OnnxParityTests.AssertBareParity(ArchitectureRegistry.Get("nin"), new ModelSpec(1, 10, 224), batch: 1);
}

using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models;

[TestClass]
public sealed class NiNTests
{
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

using MlNetCnn.Pipelines.Sweeps.Reports;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Reports;

[TestClass]
public sealed class ParetoFrontTests
{
    private static string[] Front(params (string Name, double Cost, double Value)[] points) =>
        ParetoFront.Of(points, p => p.Cost, p => p.Value).Select(p => p.Name).ToArray();

    [TestMethod]
    public void Of_MixedPoints_KeepsTheUndominatedByCost() =>
        CollectionAssert.AreEqual(new[] { "a", "c", "e" },
            Front(("e", 100, 0.95), ("b", 20, 0.70), ("a", 10, 0.80), ("d", 60, 0.85), ("c", 50, 0.90)));

    [TestMethod]
    public void Of_EqualCostDifferentValue_KeepsTheHigher() =>
        CollectionAssert.AreEqual(new[] { "high" }, Front(("low", 10, 0.5), ("high", 10, 0.6)));

    [TestMethod]
    public void Of_EqualPoints_KeepsBoth() =>
        CollectionAssert.AreEqual(new[] { "x", "y" }, Front(("x", 10, 0.5), ("y", 10, 0.5)));

    [TestMethod]
    public void Of_NotFinite_LeftOut() =>
        CollectionAssert.AreEqual(new[] { "ok" }, Front(("nan", double.NaN, 0.9), ("ok", 10, 0.5), ("inf", 5, double.PositiveInfinity)));

    [TestMethod]
    public void Of_Nothing_IsEmpty() => Assert.IsEmpty(Front());
}

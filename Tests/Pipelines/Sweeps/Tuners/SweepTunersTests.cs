using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Tuners;

[TestClass]
public sealed class SweepTunersTests
{
    [TestMethod]
    public void ByName_KnownNameAnyCase_UnknownListsNames()
    {
        CollectionAssert.AreEqual(new[] { "grid", "random", "tpe" }, SweepTuners.Names.ToArray());
        Assert.IsInstanceOfType<TpeTuner>(SweepTuners.ByName("TPE"));
        Assert.AreEqual("Unknown tuner 'bayes'; expected one of: grid, random, tpe. (Parameter 'name')",
            Assert.ThrowsExactly<ArgumentException>(() => SweepTuners.ByName("bayes")).Message);
    }
}

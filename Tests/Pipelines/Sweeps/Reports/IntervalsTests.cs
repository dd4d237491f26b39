using MlNetCnn.Pipelines.Sweeps.Reports;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Reports;

[TestClass]
public sealed class IntervalsTests
{
    [TestMethod]
    [DataRow(8L, 10L, 0.4902, 0.9433)]    // Newcombe (1998), and every Wilson calculator
    [DataRow(0L, 10L, 0.0, 0.2775)]
    [DataRow(10L, 10L, 0.7225, 1.0)]
    [DataRow(950L, 1000L, 0.9347, 0.9619)]
    public void WilsonInterval_KnownCases_MatchPublishedValues(long successes, long n, double low, double high)
    {
        var interval = Intervals.WilsonInterval(successes, n);
        Assert.AreEqual(low, interval.Low, 1e-4);
        Assert.AreEqual(high, interval.High, 1e-4);
    }

    [TestMethod]
    public void WilsonInterval_NoTrials_IsZeroToOne() => Assert.AreEqual((0.0, 1.0), Intervals.WilsonInterval(0, 0));

    [TestMethod]
    public void WilsonInterval_MoreSuccessesThanTrials_Throws() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Intervals.WilsonInterval(11, 10));

    [TestMethod]
    public void MacroAccuracyInterval_TwoClassesOfAHundred_IsMeanPlusMinusZTimesItsStandardError()
    {
        // Each class: 0.5 of 100, variance 0.25 / 100; the mean of two: sqrt(0.005) / 2 = 0.035355, × 1.96 = 0.069297.
        var interval = Intervals.MacroAccuracyInterval([0.5, 0.5], [100, 100]);
        Assert.AreEqual(0.5 - 0.069297, interval.Low, 1e-5);
        Assert.AreEqual(0.5 + 0.069297, interval.High, 1e-5);
    }

    [TestMethod]
    public void MacroAccuracyInterval_EveryImageRight_StillUncertainAndClamped()
    {
        var interval = Intervals.MacroAccuracyInterval([1.0, 1.0], [10, 10]);
        Assert.AreEqual(1.0, interval.High);
        Assert.AreEqual(0.8485, interval.Low, 1e-3, "ten images a class do not prove perfection");
    }

    [TestMethod]
    public void MacroAccuracyInterval_ClassWithoutImages_IsLeftOut()
    {
        var interval = Intervals.MacroAccuracyInterval([0.5, null], [100, 0]);
        Assert.AreEqual(0.402, interval.Low, 1e-3);
        Assert.AreEqual(0.598, interval.High, 1e-3);
        Assert.ThrowsExactly<ArgumentException>(() => Intervals.MacroAccuracyInterval([0.5], [1, 2]));
    }
}

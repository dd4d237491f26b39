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
    public void MacroAccuracyInterval_FourClasses_IsMeanPlusMinusZTimesStandardError()
    {
        // mean 0.7, sample sd = sqrt(0.02 / 3) = 0.08165, standard error 0.04082, half width 1.96 × 0.04082 = 0.08002
        var interval = Intervals.MacroAccuracyInterval([0.6, 0.8, 0.7, 0.7, null]);
        Assert.AreEqual(0.7 - 0.08002, interval.Low, 1e-4);
        Assert.AreEqual(0.7 + 0.08002, interval.High, 1e-4);
    }

    [TestMethod]
    public void MacroAccuracyInterval_NearOne_IsClamped() =>
        Assert.AreEqual(1.0, Intervals.MacroAccuracyInterval([1.0, 0.9, 1.0]).High);

    [TestMethod]
    public void MacroAccuracyInterval_OneClass_IsThatAccuracy() =>
        Assert.AreEqual((0.5, 0.5), Intervals.MacroAccuracyInterval([0.5]));
}

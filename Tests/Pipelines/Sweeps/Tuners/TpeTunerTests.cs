using System.Globalization;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Tuners;

[TestClass]
public sealed class TpeTunerTests
{
    private const int Seeds = 20;
    private const int Budget = 30;

    /// <summary>A learning rate over five decades and a batch size of six.</summary>
    private static SearchSpace Space() => new SearchSpace()
        .AddArchitectures("lenet5")
        .AddRange("LearningRate", 1e-5, 1, logScale: true)
        .AddChoice("BatchSize", 16, 32, 64, 128, 256, 512);

    /// <summary>
    /// Up to 1 for a learning rate near 10^-2.5 (a narrow peak, a fifth of a decade wide out of five) plus 0.5 for batch
    /// size 64: at most 1.5. (TPE models each dimension on its own, so the terms are added; were they multiplied, TPE would
    /// still win, by less, as a good batch size found late is outvoted by the good trials before it.)
    /// </summary>
    private static double Objective(TrialConfig config)
    {
        double decades = Math.Log10(double.Parse(config.Options["LearningRate"], CultureInfo.InvariantCulture)) + 2.5;
        return Math.Exp(-Math.Pow(decades / 0.2, 2)) + (config.Options["BatchSize"] == "64" ? 0.5 : 0);
    }

    private static double MeanBestFound(ISweepTuner tuner) =>
        Enumerable.Range(0, Seeds).Average(seed => TunerRuns.Run(tuner, Space(), Budget, seed, Objective).Max(o => o.Objective!.Value));

    [TestMethod]
    public void Propose_SameSeedAndHistory_SameProposal()
    {
        var history = TunerRuns.Run(SweepTuners.Tpe(), Space(), 15, seed: 4, Objective);
        var tuner = SweepTuners.Tpe();

        var first = tuner.Propose(Space(), 15, history, seed: 4);
        var replayed = tuner.Propose(Space(), 15, history.ToList(), seed: 4);

        Assert.IsNotNull(first);
        Assert.AreEqual(first, replayed);
        Assert.IsFalse(history.Any(o => o.Config.Equals(first)));
    }

    [TestMethod]
    public void Propose_ConditionalSettings_OnlyForTheirArchitecture()
    {
        var space = new SearchSpace().AddArchitectures("resnet9", "lenet5")
            .AddSettingChoice("resnet9", "width", "8", "16", "32")
            .AddRange("LearningRate", 1e-4, 1, logScale: true);
        double Score(TrialConfig c) => (c.Settings.GetValueOrDefault("width") == "16" ? 1 : 0) - Math.Abs(Math.Log10(double.Parse(c.Options["LearningRate"], CultureInfo.InvariantCulture)) + 2);

        var history = TunerRuns.Run(SweepTuners.Tpe(), space, 30, seed: 1, Score);

        Assert.AreEqual(30, history.Select(o => o.Config.Key).Distinct().Count());
        Assert.IsTrue(history.All(o => o.Config.Settings.ContainsKey("width") == (o.Config.Architecture == "resnet9")));
        Assert.IsTrue(history.Skip(10).Count(o => o.Config.Settings.GetValueOrDefault("width") == "16") > history.Take(10).Count(o => o.Config.Settings.GetValueOrDefault("width") == "16"));
    }

    [TestMethod]
    public void Propose_DivergedTrialsWithoutObjective_CountAsWorst()
    {
        var space = Space();
        var history = TunerRuns.Run(SweepTuners.Random(), space, 12, seed: 2, Objective)
            .Select((o, i) => i % 3 == 0 ? o with { Objective = null, State = TrialState.Diverged } : o).ToList();

        var proposal = SweepTuners.Tpe().Propose(space, 12, history, seed: 2);

        Assert.IsNotNull(proposal);
        Assert.IsFalse(history.Any(o => o.Config.Equals(proposal)));
    }

    [TestMethod]
    public void Propose_NarrowOptimumFixedBudget_FindsBetterThanRandom()
    {
        double tpe = MeanBestFound(SweepTuners.Tpe());
        double random = MeanBestFound(SweepTuners.Random());

        Console.WriteLine($"Mean best found over {Seeds} seeds, {Budget} trials: TPE {tpe:F3}, random {random:F3}");
        // Measured: TPE 1.29, random 0.96 (seeds 20–59: 1.34 against 1.02). Deterministic: every draw is seeded.
        Assert.IsTrue(tpe > random + 0.2, $"TPE {tpe:F3} should beat random {random:F3} by 0.2");
    }
}

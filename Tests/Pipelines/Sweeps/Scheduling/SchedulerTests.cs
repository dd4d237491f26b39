using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Scheduling;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Scheduling;

/// <summary>
/// The schedulers' decisions on simulated trials: each trial's accuracy at an epoch is a fixed function of its number, so the
/// right promotions are known in advance.
/// </summary>
[TestClass]
public sealed class SchedulerTests
{
    [TestMethod]
    public void RungLadder_GeometricRungsThenTheFullRun()
    {
        CollectionAssert.AreEqual(new[] { 1, 3, 9 }, new RungLadder(1, 9, 3).Epochs.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 3, 10 }, new RungLadder(1, 10, 3).Epochs.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 4, 12 }, new RungLadder(2, 12, 2).Epochs.ToArray());
        CollectionAssert.AreEqual(new[] { 5 }, RungLadder.Single(5).Epochs.ToArray());
        Assert.AreEqual("eta", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RungLadder(1, 9, 1)).ParamName);
        Assert.AreEqual("minEpochs", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RungLadder(10, 9, 3)).ParamName);
    }

    [TestMethod]
    public void SuccessiveHalving_NineTrials_PromotesTheBestThirdAtEachRung()
    {
        // Accuracy rises with the trial's number modulo 9 in a scrambled order: the best are trials 5, 2 and 8.
        var quality = new Dictionary<int, double> { [1] = 0.1, [2] = 0.8, [3] = 0.3, [4] = 0.2, [5] = 0.9, [6] = 0.4, [7] = 0.5, [8] = 0.7, [9] = 0.6 };
        var trials = Simulate(SweepSchedulers.SuccessiveHalving(1, 9, 3), trialBudget: 9, id => quality[id]);

        CollectionAssert.AreEquivalent(new[] { 2, 5, 8 }, trials.Where(t => t.EpochsRun >= 3).Select(t => t.Id).ToList());
        Assert.AreEqual(5, trials.Single(t => t.State == TrialState.Completed).Id);
        Assert.AreEqual(8, trials.Count(t => t.State == TrialState.Pruned));
        Assert.AreEqual(9 * 1 + 3 * 2 + 1 * 6, trials.Sum(t => t.EpochsRun), "epochs trained: 9 to rung 1, 3 on to 3, 1 on to 9");
    }

    [TestMethod]
    public void RungLadder_Promoted_RoundsUpSoTheLastRungComparesTwo()
    {
        var ladder = new RungLadder(1, 9, 3);

        CollectionAssert.AreEqual(new[] { 1, 1, 1, 2, 2, 4 }, new[] { 1, 2, 3, 4, 6, 12 }.Select(ladder.Promoted).ToArray());
    }

    [TestMethod]
    public void SuccessiveHalving_TwelveTrials_FourThenTwoGoOn()
    {
        var trials = Simulate(SweepSchedulers.SuccessiveHalving(1, 9, 3), trialBudget: 12, id => (id * 5 % 12) / 12.0);

        // Quality ranks trials 7, 2, 9, 4 first after one epoch (5·id mod 12 = 11, 10, 9, 8); 7 and 2 reach the full run.
        CollectionAssert.AreEquivalent(new[] { 2, 4, 7, 9 }, trials.Where(t => t.EpochsRun >= 3).Select(t => t.Id).ToList());
        CollectionAssert.AreEquivalent(new[] { 2, 7 }, trials.Where(t => t.State == TrialState.Completed).Select(t => t.Id).ToList());
        Assert.AreEqual(12 * 1 + 4 * 2 + 2 * 6, trials.Sum(t => t.EpochsRun), "epochs trained: 12 to rung 1, 4 on to 3, 2 on to 9");
    }

    [TestMethod]
    public void SuccessiveHalving_SameFiguresTwice_SameDecisions()
    {
        var first = Simulate(SweepSchedulers.SuccessiveHalving(1, 4, 2), 7, id => (id * 37 % 11) / 11.0);
        var second = Simulate(SweepSchedulers.SuccessiveHalving(1, 4, 2), 7, id => (id * 37 % 11) / 11.0);

        CollectionAssert.AreEqual(first.Select(t => (t.Id, t.State, t.EpochsRun)).ToList(), second.Select(t => (t.Id, t.State, t.EpochsRun)).ToList());
    }

    [TestMethod]
    public void SuccessiveHalving_LossMetric_PromotesTheLowestLoss()
    {
        var trials = Simulate(SweepSchedulers.SuccessiveHalving(1, 3, 3), 3, id => id / 10.0, SweepMetric.Loss);

        Assert.AreEqual(1, trials.Single(t => t.State == TrialState.Completed).Id, "trial 1 has the lowest loss");
    }

    [TestMethod]
    public void AsyncSuccessiveHalving_Sequential_EndsWithAFullRunOfAGoodTrial()
    {
        var trials = Simulate(SweepSchedulers.AsyncSuccessiveHalving(1, 9, 3), 9, id => id / 10.0);

        Assert.IsTrue(trials.Any(t => t.State == TrialState.Completed));
        Assert.AreEqual(TrialState.Completed, trials.Single(t => t.Id == 9).State, "the best trial runs in full");
        Assert.IsTrue(trials.Count(t => t.State == TrialState.Completed) < 9, "some trials are pruned");
        Assert.IsFalse(trials.Any(t => t.State == TrialState.Paused), "no trial is left paused");
    }

    [TestMethod]
    public void AsyncSuccessiveHalving_TwoTrialsWithEtaThree_StillCompletesOne()
    {
        var trials = Simulate(SweepSchedulers.AsyncSuccessiveHalving(1, 3, 3), 2, id => id / 10.0);

        Assert.AreEqual(2, trials.Single(t => t.State == TrialState.Completed).Id);
        Assert.AreEqual(TrialState.Pruned, trials.Single(t => t.Id == 1).State);
    }

    [TestMethod]
    public void FullRuns_EveryTrialRunsAllEpochs()
    {
        var trials = Simulate(SweepSchedulers.FullRuns(4), 3, id => id);

        Assert.IsTrue(trials.All(t => t.State == TrialState.Completed && t.EpochsRun == 4));
    }

    /// <summary>
    /// Runs a sweep loop to the end with one worker: a trial's figure at any epoch is <paramref name="quality"/> of its number
    /// plus a little for each epoch.
    /// </summary>
    private static List<TrialRecord> Simulate(ISweepScheduler scheduler, int trialBudget, Func<int, double> quality,
        SweepMetric metric = SweepMetric.Accuracy)
    {
        var trials = new List<TrialRecord>();
        for (int guard = 0; guard < 1000; guard++)
        {
            var view = new SchedulerView(trials, metric, MayPropose: trials.Count < trialBudget);
            switch (scheduler.Next(view))
            {
                case SweepDecision.Propose p:
                    int id = trials.Count + 1;
                    trials.Add(Reach(new TrialRecord { Id = id, Config = new TrialConfig("lenet5"), TargetEpoch = p.TargetEpoch },
                        p.TargetEpoch, scheduler.Rungs.MaxEpochs, quality(id), metric));
                    break;
                case SweepDecision.Promote p:
                    int index = trials.FindIndex(t => t.Id == p.TrialId);
                    Assert.AreEqual(TrialState.Paused, trials[index].State, $"trial {p.TrialId} promoted while {trials[index].State}");
                    trials[index] = Reach(trials[index], p.TargetEpoch, scheduler.Rungs.MaxEpochs, quality(p.TrialId), metric);
                    break;
                case SweepDecision.Prune p:
                    int pruned = trials.FindIndex(t => t.Id == p.TrialId);
                    Assert.AreEqual(TrialState.Paused, trials[pruned].State);
                    trials[pruned] = trials[pruned] with { State = TrialState.Pruned };
                    break;
                case SweepDecision.Finish:
                    return trials;
                default:
                    Assert.Fail("a sequential sweep never waits: nothing runs between decisions");
                    break;
            }
        }
        Assert.Fail("the scheduler did not finish");
        return trials;
    }

    private static TrialRecord Reach(TrialRecord trial, int epoch, int maxEpochs, double quality, SweepMetric metric)
    {
        double value = quality + epoch * 0.001;
        var metrics = new TrialMetrics(epoch, value, value, value, value, value, value, metric == SweepMetric.Loss ? value : 1 - value, null, 100, []);
        return trial with
        {
            State = epoch == maxEpochs ? TrialState.Completed : TrialState.Paused,
            EpochsRun = epoch,
            TargetEpoch = epoch,
            Rungs = trial.Rungs.Append(metrics).ToList(),
        };
    }
}

using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Journal;

[TestClass]
public sealed class SweepReplayTests
{
    [TestMethod]
    public void Of_Samples_RebuildsEveryTrial()
    {
        var replay = SweepReplay.Of(SweepSamples.Entries());
        Assert.AreEqual(1, replay.Sessions);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, replay.Trials.Select(t => t.Id).ToArray());
        var (completed, pruned, diverged, stopped) = (replay.Trials[0], replay.Trials[1], replay.Trials[2], replay.Trials[3]);

        Assert.AreEqual(TrialState.Completed, completed.State);
        Assert.AreEqual(9, completed.TargetEpoch);
        Assert.AreEqual(9, completed.EpochsRun);
        CollectionAssert.AreEqual(new[] { 3, 9 }, completed.Rungs.Select(r => r.Epoch).ToArray());
        Assert.AreEqual(0.9, completed.Latest!.Accuracy);
        Assert.AreEqual(35, completed.TrainSeconds);
        Assert.AreEqual(SweepSamples.Cost(trainSeconds: 35), completed.Cost);
        Assert.AreEqual(0.88, completed.TestAccuracy);
        Assert.AreEqual(0.87, completed.TestMacroAccuracy);

        Assert.AreEqual(TrialState.Pruned, pruned.State);
        Assert.AreEqual(3, pruned.EpochsRun);
        Assert.AreEqual(12, pruned.TrainSeconds);

        Assert.AreEqual(TrialState.Diverged, diverged.State);
        Assert.AreEqual(2, diverged.Failures);
        Assert.AreEqual(2, diverged.EpochsRun);
        StringAssert.StartsWith(diverged.Error, "loss is NaN");

        Assert.AreEqual(TrialState.Stopped, stopped.State);
        Assert.AreEqual(2, stopped.EpochsRun);
        Assert.AreEqual(7, stopped.TrainSeconds);
    }

    [TestMethod]
    public void Of_FailureThatWillRetry_KeepsTheTrialRunning()
    {
        var entries = SweepSamples.Entries().Take(8).ToArray();
        var trial = SweepReplay.Of(entries).Trials.Single(t => t.Id == 3);
        Assert.AreEqual(TrialState.Running, trial.State);
        Assert.AreEqual(1, trial.Failures);
        Assert.IsNull(trial.Error);
    }

    [TestMethod]
    public void Of_FinalFailureNotDiverged_IsFailed()
    {
        var trial = SweepReplay.Of([new TrialProposed(1, SweepSamples.Config(), 3), new TrialFailed(1, "disk full", false, false, 0)]).Trials[0];
        Assert.AreEqual(TrialState.Failed, trial.State);
        Assert.AreEqual("disk full", trial.Error);
    }

    [TestMethod]
    public void Of_StoppedTrialResumed_ReachesItsRungAndAddsTheSeconds()
    {
        var trial = SweepReplay.Of(
        [
            new TrialProposed(1, SweepSamples.Config(), 3), new TrialStopped(1, 2, 0.5, 5), new TrialRungReached(1, SweepSamples.Metrics(3, 0.7), 4),
        ]).Trials[0];
        Assert.AreEqual(TrialState.Paused, trial.State);
        Assert.AreEqual(9, trial.TrainSeconds);
    }

    [TestMethod]
    public void Of_SecondSession_CountsSessions()
    {
        var entries = SweepSamples.Entries().Append(new SweepStarted(2, 10, 3600)).ToArray();
        Assert.AreEqual(2, SweepReplay.Of(entries).Sessions);
    }

    [TestMethod]
    public void Of_UnknownTrial_FailsNamingIt()
    {
        var entries = SweepSamples.Entries().Append(new TrialPruned(42)).ToArray();
        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepReplay.Of(entries));
        StringAssert.Contains(error.Message, $"Journal entry {entries.Length} (TrialPruned): trial 42 was never proposed (known trials: 1, 2, 3, 4)");
    }

    [TestMethod]
    public void Of_EntryNotFittingTheState_FailsNamingBoth()
    {
        var entries = SweepSamples.Entries().Append(new TrialPromoted(2, 9)).ToArray();
        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepReplay.Of(entries));
        StringAssert.Contains(error.Message, "trial 2 is Pruned; expected Paused or Stopped");
    }

    [TestMethod]
    public void Of_ProposedTwice_Fails()
    {
        var entries = SweepSamples.Entries().Append(new TrialProposed(1, SweepSamples.Config(), 3)).ToArray();
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SweepReplay.Of(entries)).Message, "trial 1 was already proposed");
    }

    [TestMethod]
    public void Of_SessionOutOfOrder_FailsWithExpectedAndFound()
    {
        var entries = SweepSamples.Entries().Append(new SweepStarted(3, 10, null)).ToArray();
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SweepReplay.Of(entries)).Message, "expected session 2, found session 3");
    }
}

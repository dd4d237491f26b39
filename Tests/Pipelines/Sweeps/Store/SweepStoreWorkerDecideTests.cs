using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Running;
using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Tests.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Store;

/// <summary>
/// The decision a free worker takes under the sweep's lock, with a real planner: a grid over three learning rates and
/// successive halving on rungs 1, 3 and 9 (one trial in three goes on).
/// </summary>
[TestClass]
public sealed class SweepStoreWorkerDecideTests
{
    private static readonly TrialConfig[] Configs = StoreSamples.Space().Grid(5).ToArray();

    private static StoreDecision Decide(SweepPlan plan, IReadOnlyList<JournalEntry> journal, params WorkItem[] work) =>
        SweepStoreWorker.Decide(
            new SweepPlanner(plan.Space(), plan.Tuner(), plan.Scheduler(), plan.Spec.Metric, plan.Spec.Seed), plan,
            new StoreSnapshot(journal, work, DateTime.UtcNow));

    private static TrialProposed Proposed(int id) => new(id, Configs[id - 1], 1);

    private static TrialRungReached Rung(int id, int epoch, double accuracy) => new(id, SweepSamples.Metrics(epoch, accuracy), 5);

    private static WorkItem Held(int id) => new(id, $"w{id}", DateTime.UtcNow.AddMinutes(5));

    /// <summary>The entries without their times, to compare with the expected ones.</summary>
    private static JournalEntry[] Timeless(IEnumerable<JournalEntry> entries) => entries.Select(e => e with { Utc = default }).ToArray();

    /// <summary>Three trials proposed and paused at rung 1 with accuracies 0.5, 0.7 and 0.9: trial 3 goes on.</summary>
    private static List<JournalEntry> AllPausedAtTheFirstRung() =>
        [Proposed(1), Proposed(2), Proposed(3), Rung(1, 1, 0.5), Rung(2, 1, 0.7), Rung(3, 1, 0.9)];

    /// <summary>What a decision on <see cref="AllPausedAtTheFirstRung"/> appends: the paused trials in order, pruned up to the one promoted.</summary>
    private static JournalEntry[] PrunedThenPromoted() => Timeless([new TrialPruned(1), new TrialPruned(2), new TrialPromoted(3, 3)]);

    [TestMethod]
    public void Decide_EmptyJournal_ProposesTrialOneAtTheFirstRung()
    {
        var decision = Decide(StoreSamples.Plan(), []);

        Assert.AreEqual(1, decision.TrialId);
        Assert.IsFalse(decision.Finished);
        CollectionAssert.AreEqual(Timeless([new TrialProposed(1, Configs[0], 1)]), Timeless(decision.Entries));
    }

    [TestMethod]
    public void Decide_SomeTrialsProposed_ProposesTheNextConfiguration()
    {
        var decision = Decide(StoreSamples.Plan(), [Proposed(1)], Held(1));

        CollectionAssert.AreEqual(Timeless([new TrialProposed(2, Configs[1], 1)]), Timeless(decision.Entries));
        Assert.AreEqual(2, decision.TrialId);
    }

    [TestMethod]
    public void Decide_TrialRunningWithoutAWorkItem_StartsItBeforeAnythingNew()
    {
        // A single-process session of the same folder left trial 2 running: a worker resumes it from its checkpoint.
        var decision = Decide(StoreSamples.Plan(), [Proposed(1), Proposed(2)], Held(1));

        Assert.AreEqual(2, decision.TrialId);
        Assert.IsEmpty(decision.Entries, "it is running already: nothing to record");
    }

    [TestMethod]
    public void Decide_TrialStoppedByATimeBudget_PromotesItToItsTargetAndStartsIt()
    {
        var decision = Decide(StoreSamples.Plan(), [Proposed(1), new TrialStopped(1, 0, null, 3)]);

        Assert.AreEqual(1, decision.TrialId);
        CollectionAssert.AreEqual(Timeless([new TrialPromoted(1, 1)]), Timeless(decision.Entries));
    }

    [TestMethod]
    public void Decide_BudgetReachedAndTrialsRunning_Waits()
    {
        var decision = Decide(StoreSamples.Plan(trials: 2), [Proposed(1), Proposed(2)], Held(1), Held(2));

        Assert.AreEqual(StoreDecision.Wait([]) with { Entries = decision.Entries }, decision);
        Assert.IsEmpty(decision.Entries);
    }

    [TestMethod]
    public void Decide_TunerExhaustedAndTrialsRunning_Waits()
    {
        var decision = Decide(StoreSamples.Plan(trials: 5), [Proposed(1), Proposed(2), Proposed(3)], Held(1), Held(2), Held(3));

        Assert.IsNull(decision.TrialId, "the grid holds three configurations; the budget of five does not make a fourth");
        Assert.IsFalse(decision.Finished);
        Assert.IsEmpty(decision.Entries);
    }

    [TestMethod]
    public void Decide_AllPausedAtARung_PrunesThenPromotesTheBest()
    {
        var decision = Decide(StoreSamples.Plan(), AllPausedAtTheFirstRung());

        CollectionAssert.AreEqual(PrunedThenPromoted(), Timeless(decision.Entries));
        Assert.AreEqual(3, decision.TrialId);
    }

    [TestMethod]
    public void Claim_DecidingInAFolderStore_AppendsThePrunesAndPromotionInOrderAndLeasesTheTrial()
    {
        string folder = SweepSamples.TempFolder();
        try
        {
            var store = new FolderSweepStore(folder);
            var journal = AllPausedAtTheFirstRung();
            foreach (var entry in journal) store.Append(entry);

            var claim = store.Claim("w", TimeSpan.FromMinutes(5), snapshot => Decide(StoreSamples.Plan(), snapshot.Journal, [.. snapshot.Work]));

            Assert.AreEqual((ClaimKind.Leased, 3, false), (claim.Kind, claim.Lease!.TrialId, claim.Lease.TakenOver));
            CollectionAssert.AreEqual(PrunedThenPromoted(), Timeless(claim.Appended));
            var written = store.ReadJournal();
            Assert.HasCount(journal.Count + 3, written);
            CollectionAssert.AreEqual(PrunedThenPromoted(), Timeless(written.Skip(journal.Count)), "appended after the journal, in order");
            Assert.AreEqual(("w", 3), (store.ReadWork().Single().Worker, store.ReadWork().Single().TrialId));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Decide_EverythingDoneAndNoWork_Finishes()
    {
        List<JournalEntry> journal =
        [
            .. AllPausedAtTheFirstRung(), .. PrunedThenPromoted(), Rung(3, 3, 0.92),
            new TrialPromoted(3, 9), new TrialCompleted(3, SweepSamples.Metrics(9, 0.95), SweepSamples.Cost()),
        ];

        var finished = Decide(StoreSamples.Plan(), journal);
        var workLeft = Decide(StoreSamples.Plan(), journal, new WorkItem(3, null, null));

        Assert.AreEqual(StoreDecision.Finish(finished.Entries), finished);
        Assert.IsEmpty(finished.Entries);
        Assert.AreEqual(StoreDecision.Wait(workLeft.Entries), workLeft, "a work item left (a retry given back) keeps the sweep open");
    }

    [TestMethod]
    public void Decide_ConsecutiveFailuresAtTheLimit_ProposesNoMore()
    {
        List<JournalEntry> journal =
        [
            Proposed(1), new TrialFailed(1, "out of memory", Diverged: false, WillRetry: false, Epoch: 0),
            Proposed(2), new TrialFailed(2, "loss is NaN", Diverged: true, WillRetry: false, Epoch: 1),
        ];

        var atLimit = Decide(StoreSamples.Plan(trials: 3, maxConsecutiveFailures: 2), journal);
        var belowLimit = Decide(StoreSamples.Plan(trials: 3, maxConsecutiveFailures: 3), journal);

        Assert.IsTrue(atLimit.Finished);
        Assert.IsNull(atLimit.TrialId);
        Assert.IsEmpty(atLimit.Entries);
        Assert.AreEqual(3, belowLimit.TrialId);
    }
}

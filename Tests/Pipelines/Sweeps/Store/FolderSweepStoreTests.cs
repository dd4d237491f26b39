using System.Collections.Concurrent;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Tests.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Store;

/// <summary>The store's semantics on the default store, a real sweep folder: registration, claims, leases, releases and the lock.</summary>
[TestClass]
public sealed class FolderSweepStoreTests
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    private string _folder = "";
    private FolderSweepStore _store = null!;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = SweepSamples.TempFolder();
        _store = new FolderSweepStore(_folder);
    }

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private string PlanPath => Path.Combine(_folder, "plan.json");

    private string WorkPath => Path.Combine(_folder, "work.json");

    /// <summary>A decision to start trial <paramref name="id"/> with its proposal.</summary>
    private static Func<StoreSnapshot, StoreDecision> Propose(int id) => _ => StoreDecision.Start([StoreSamples.Proposed(id)], id);

    private static StoreDecision NotAsked(StoreSnapshot _) => throw new AssertFailedException("decide was called although a work item was free");

    [TestMethod]
    public void Register_First_ReadsBackTheSamePlanNamedAfterTheFolder()
    {
        var plan = StoreSamples.Plan();

        var registered = _store.Register(plan);
        var read = _store.ReadPlan();

        Assert.IsNotNull(read);
        Assert.IsEmpty(read.Spec.DifferencesFrom(plan.Spec));
        Assert.AreEqual(plan with { Spec = read.Spec, Name = _store.SweepName }, read, "the sweep is named after its folder");
        Assert.AreEqual(read with { Spec = registered.Spec }, registered);
    }

    [TestMethod]
    public void ReadPlan_NothingRegistered_IsNull()
    {
        Assert.IsNull(_store.ReadPlan());
        Assert.AreEqual(Path.GetFileName(_folder), _store.SweepName);
    }

    [TestMethod]
    public void Register_LargerTrialBudget_ExtendsTheSweep()
    {
        _store.Register(StoreSamples.Plan(trials: 3));

        var kept = _store.Register(StoreSamples.Plan(trials: 7));
        var smaller = _store.Register(StoreSamples.Plan(trials: 5));

        Assert.AreEqual(7, kept.Trials);
        Assert.AreEqual(7, smaller.Trials, "a smaller budget does not shrink the sweep");
        Assert.AreEqual(7, _store.ReadPlan()!.Trials);
    }

    [TestMethod]
    [DataRow("seed")]
    [DataRow("eta")]
    [DataRow("search space")]
    public void Register_AnotherSpec_ThrowsNamingTheDifferenceAndLeavesThePlan(string difference)
    {
        var plan = StoreSamples.Plan();
        _store.Register(plan);
        string saved = File.ReadAllText(PlanPath);
        var other = difference switch
        {
            "seed" => plan with { Spec = plan.Spec with { Seed = 2 } },
            "eta" => plan with { Spec = plan.Spec with { Eta = 2 } },
            "search space" => plan with { SearchSpaceJson = StoreSamples.Space().AddChoice("Optimizer", "sgd", "adamw").ToJson() },
            _ => throw new ArgumentOutOfRangeException(nameof(difference), difference, "no such case"),
        };

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => _store.Register(other with { Trials = 10 }));

        StringAssert.Contains(error.Message, difference + ":");
        StringAssert.Contains(error.Message, "another spec");
        Assert.AreEqual(saved, File.ReadAllText(PlanPath));
    }

    [TestMethod]
    public void Claim_NoWork_AppendsTheDecisionAndLeasesItsTrial()
    {
        var first = _store.Claim("a", LongLease, Propose(1));
        StoreSnapshot? seen = null;

        var second = _store.Claim("b", LongLease, snapshot =>
        {
            seen = snapshot;
            return StoreDecision.Start([StoreSamples.Proposed(2)], 2);
        });

        Assert.AreEqual(ClaimKind.Leased, first.Kind);
        Assert.AreEqual(new TrialLease(1, "a", first.Lease!.ExpiresUtc, TakenOver: false), first.Lease);
        Assert.AreEqual(2, second.Lease!.TrialId);
        Assert.AreEqual("b", second.Lease.Worker);
        Assert.IsFalse(second.Lease.TakenOver);
        Assert.IsInstanceOfType<TrialProposed>(second.Appended.Single());
        Assert.IsNotNull(seen, "decide was asked: the only work item is leased");
        Assert.AreEqual(1, seen.Journal.OfType<TrialProposed>().Single().TrialId);
        Assert.AreEqual(new WorkItem(1, "a", first.Lease.ExpiresUtc), seen.Work.Single());
        CollectionAssert.AreEqual(new[] { 1, 2 }, _store.ReadJournal().OfType<TrialProposed>().Select(p => p.TrialId).ToArray());
        CollectionAssert.AreEqual(new[] { ("a", 1), ("b", 2) }, _store.ReadWork().Select(w => (w.Worker, w.TrialId)).ToArray());
        Assert.AreEqual(2, SweepJournal.Open(new SweepFolder(_folder).Journal).Entries.Count, "the entries are in the folder's journal.jsonl");
    }

    [TestMethod]
    public void Claim_WaitOrFinish_LeasesNothing()
    {
        var wait = _store.Claim("a", LongLease, _ => StoreDecision.Wait([]));
        var finished = _store.Claim("a", LongLease, _ => StoreDecision.Finish([]));

        Assert.AreEqual(new TrialClaim(ClaimKind.Wait, null, wait.Appended), wait);
        Assert.AreEqual(new TrialClaim(ClaimKind.Finished, null, finished.Appended), finished);
        Assert.IsEmpty(_store.ReadWork());
        Assert.IsEmpty(_store.ReadJournal());
    }

    [TestMethod]
    public void Claim_FreeWorkItems_TakesTheLowestTrialWithoutDeciding()
    {
        var leases = Enumerable.Range(1, 3).Select(id => _store.Claim("a", LongLease, Propose(id)).Lease!).ToArray();
        Assert.IsTrue(_store.Release(leases[2], [], workRemains: true));
        Assert.IsTrue(_store.Release(leases[1], [], workRemains: true));

        var first = _store.Claim("b", LongLease, NotAsked);
        var second = _store.Claim("b", LongLease, NotAsked);

        Assert.AreEqual((2, false), (first.Lease!.TrialId, first.Lease.TakenOver), "a released item is not taken over");
        Assert.AreEqual(3, second.Lease!.TrialId);
        Assert.IsEmpty(first.Appended);
        CollectionAssert.AreEqual(new[] { ("a", 1), ("b", 2), ("b", 3) }, _store.ReadWork().Select(w => (w.Worker, w.TrialId)).ToArray());
    }

    [TestMethod]
    public void Release_WorkRemains_LeavesAFreeWorkItem()
    {
        var lease = _store.Claim("a", LongLease, Propose(1)).Lease!;
        var failed = new TrialFailed(1, "out of memory", Diverged: false, WillRetry: true, Epoch: 0);

        Assert.IsTrue(_store.Release(lease, [failed], workRemains: true));

        Assert.AreEqual(new WorkItem(1, null, null), _store.ReadWork().Single());
        Assert.IsInstanceOfType<TrialFailed>(_store.ReadJournal().Last());
        Assert.IsFalse(_store.Renew(lease, LongLease), "the released lease is gone");
    }

    [TestMethod]
    public void Claim_LeaseExpired_AnotherWorkerTakesItOverAndTheFirstLosesIt()
    {
        var lease = _store.Claim("a", TimeSpan.FromMilliseconds(500), Propose(1)).Lease!;
        bool asked = false;
        var early = _store.Claim("b", LongLease, _ =>
        {
            asked = true;
            return StoreDecision.Wait([]);
        });
        Assert.IsTrue(DateTime.UtcNow < lease.ExpiresUtc, "the first claim of b came before the lease's end (a slow machine makes this test void)");
        Assert.IsTrue(asked, "a live lease is not free: b decides instead");
        Assert.AreEqual(ClaimKind.Wait, early.Kind);

        Thread.Sleep(lease.ExpiresUtc - DateTime.UtcNow + TimeSpan.FromMilliseconds(50));
        var taken = _store.Claim("b", LongLease, NotAsked).Lease!;
        int entries = _store.ReadJournal().Count;

        Assert.AreEqual((1, "b", true), (taken.TrialId, taken.Worker, taken.TakenOver));
        Assert.IsFalse(_store.Renew(lease, LongLease));
        Assert.IsFalse(_store.Release(lease, [new TrialRungReached(1, SweepSamples.Metrics(1, 0.5), 3)], workRemains: false));
        Assert.AreEqual(entries, _store.ReadJournal().Count, "a lost lease's release writes nothing");
        Assert.AreEqual(new WorkItem(1, "b", taken.ExpiresUtc), _store.ReadWork().Single());

        Assert.IsTrue(_store.Release(taken, [new TrialRungReached(1, SweepSamples.Metrics(1, 0.6), 3)], workRemains: false));
        Assert.AreEqual(0.6, _store.ReadJournal().OfType<TrialRungReached>().Single().Metrics.Accuracy);
        Assert.IsEmpty(_store.ReadWork());
    }

    [TestMethod]
    public void Renew_BeforeTheEnd_KeepsTheTrialPastTheFirstEnd()
    {
        var lease = _store.Claim("a", TimeSpan.FromMilliseconds(300), Propose(1)).Lease!;

        Assert.IsTrue(_store.Renew(lease, LongLease));
        Thread.Sleep(lease.ExpiresUtc - DateTime.UtcNow + TimeSpan.FromMilliseconds(50));
        var claim = _store.Claim("b", LongLease, _ => StoreDecision.Wait([]));

        Assert.AreEqual(ClaimKind.Wait, claim.Kind);
        Assert.IsTrue(_store.ReadWork().Single().LeaseExpiresUtc > DateTime.UtcNow + TimeSpan.FromMinutes(4));
        Assert.IsTrue(_store.Release(lease, [], workRemains: false), "the renewed lease still holds");
    }

    [TestMethod]
    public void Claim_ManyThreads_EachDecisionOnceAndNoTrialLeasedTwice()
    {
        const int threads = 4, claimsEach = 8;
        var leases = new ConcurrentBag<TrialLease>();
        int deciding = 0, overlaps = 0;

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var store = new FolderSweepStore(_folder);
            for (int i = 0; i < claimsEach; i++)
            {
                var claim = store.Claim($"w{worker}", LongLease, snapshot =>
                {
                    if (Interlocked.Increment(ref deciding) > 1) Interlocked.Increment(ref overlaps);
                    Thread.Sleep(1);
                    int next = snapshot.Journal.OfType<TrialProposed>().Count() + 1;
                    Interlocked.Decrement(ref deciding);
                    return StoreDecision.Start([StoreSamples.Proposed(next)], next);
                });
                leases.Add(claim.Lease!);
                if (i % 2 == 1) Assert.IsTrue(store.Release(claim.Lease!, [], workRemains: false));
            }
        });

        Assert.AreEqual(0, overlaps, "decisions never overlap");
        var ids = leases.Select(l => l.TrialId).Order().ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(1, threads * claimsEach).ToArray(), ids, "every trial leased once");
        var proposed = _store.ReadJournal().OfType<TrialProposed>().Select(p => p.TrialId).ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(1, threads * claimsEach).ToArray(), proposed, "one proposal per id, in order");
        Assert.AreEqual(threads * claimsEach / 2, _store.ReadWork().Count);
    }

    [TestMethod]
    public void ReadWork_DamagedFile_NamesIt()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(WorkPath, "[{\"trial_id\": 1, \"worker\": ");

        var read = Assert.ThrowsExactly<InvalidDataException>(() => _store.ReadWork());
        var claim = Assert.ThrowsExactly<InvalidDataException>(() => _store.Claim("a", LongLease, Propose(1)));

        StringAssert.Contains(read.Message, $"Work items '{WorkPath}' cannot be read");
        Assert.AreEqual(read.Message, claim.Message);
    }

    [TestMethod]
    public void ReadPlan_DamagedFile_NamesIt()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(PlanPath, "{\"name\": \"flowers\"}");

        var read = Assert.ThrowsExactly<InvalidDataException>(() => _store.ReadPlan());
        var register = Assert.ThrowsExactly<InvalidDataException>(() => _store.Register(StoreSamples.Plan()));

        StringAssert.Contains(read.Message, $"Sweep plan '{PlanPath}' cannot be read");
        Assert.AreEqual(read.Message, register.Message);
        Assert.AreEqual("{\"name\": \"flowers\"}", File.ReadAllText(PlanPath));
    }
}

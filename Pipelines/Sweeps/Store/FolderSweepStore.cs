using System.Text.Json;
using MlNetCnn.Models.IO;
using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>
/// The default store: the sweep's own folder. The plan is <c>plan.json</c>, the journal <c>journal.jsonl</c> (the file a
/// single-process sweep writes, <see cref="SweepJournal"/>), the work items <c>work.json</c>; every call holds an exclusive
/// lock on <c>store.lock</c>, so workers of one machine, or of machines that share the folder over a file system with
/// working locks (NFS v4, Lustre, GPFS), take turns. Leases are timed by the workers' clocks, which must agree (NTP).
/// </summary>
public sealed class FolderSweepStore : ISweepStore
{
    private const string PlanFile = "plan.json";
    private const string WorkFile = "work.json";
    private const string LockFile = "store.lock";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);

    private readonly SweepFolder _folder;

    /// <summary>Opens the store of the sweep folder <paramref name="folder"/> (created by the first write).</summary>
    public FolderSweepStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = new SweepFolder(Path.GetFullPath(folder));
    }

    /// <inheritdoc/>
    public string Location => $"folder '{_folder.Root}'";

    /// <inheritdoc/>
    public string SweepName => Path.GetFileName(_folder.Root.TrimEnd(Path.DirectorySeparatorChar));

    private string PlanPath => Path.Combine(_folder.Root, PlanFile);

    private string WorkPath => Path.Combine(_folder.Root, WorkFile);

    /// <inheritdoc/>
    public SweepPlan? ReadPlan()
    {
        if (!Directory.Exists(_folder.Root)) return null; // reading makes no folder
        using var _ = Lock();
        return LoadPlan();
    }

    /// <inheritdoc/>
    public SweepPlan Register(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var _ = Lock();
        var named = plan with { Name = SweepName };
        var kept = LoadPlan() is { } saved ? saved.MergedWith(named, Location) : named;
        AtomicFile.WriteText(PlanPath, JsonSerializer.Serialize(kept, SweepJson.Indented) + "\n");
        return kept;
    }

    /// <inheritdoc/>
    public IReadOnlyList<JournalEntry> ReadJournal()
    {
        if (!Directory.Exists(_folder.Root)) return [];
        using var _ = Lock();
        return SweepJournal.Open(_folder.Journal).Entries;
    }

    /// <inheritdoc/>
    public IReadOnlyList<WorkItem> ReadWork()
    {
        if (!Directory.Exists(_folder.Root)) return [];
        using var _ = Lock();
        return LoadWork();
    }

    /// <inheritdoc/>
    public void Append(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var _ = Lock();
        SweepJournal.Open(_folder.Journal).Append(entry);
    }

    /// <inheritdoc/>
    public TrialClaim Claim(string worker, TimeSpan leaseLength, Func<StoreSnapshot, StoreDecision> decide)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentNullException.ThrowIfNull(decide);
        using var _ = Lock();
        var now = DateTime.UtcNow;
        var work = LoadWork().ToList();
        if (work.Where(w => w.IsFree(now)).MinBy(w => w.TrialId) is { } free)
        {
            var lease = new TrialLease(free.TrialId, worker, now + leaseLength, TakenOver: free.Worker is not null);
            SaveWork(work.Select(w => w.TrialId == free.TrialId ? new WorkItem(w.TrialId, worker, lease.ExpiresUtc) : w));
            return new TrialClaim(ClaimKind.Leased, lease, []);
        }
        var journal = SweepJournal.Open(_folder.Journal);
        var decision = decide(new StoreSnapshot(journal.Entries, work, now));
        foreach (var entry in decision.Entries) journal.Append(entry);
        if (decision.TrialId is not int id)
            return new TrialClaim(decision.Finished ? ClaimKind.Finished : ClaimKind.Wait, null, decision.Entries);
        var taken = new TrialLease(id, worker, now + leaseLength, TakenOver: false);
        SaveWork(work.Where(w => w.TrialId != id).Append(new WorkItem(id, worker, taken.ExpiresUtc)));
        return new TrialClaim(ClaimKind.Leased, taken, decision.Entries);
    }

    /// <inheritdoc/>
    public bool Renew(TrialLease lease, TimeSpan leaseLength)
    {
        ArgumentNullException.ThrowIfNull(lease);
        using var _ = Lock();
        var work = LoadWork();
        if (!Holds(work, lease)) return false;
        var until = DateTime.UtcNow + leaseLength;
        SaveWork(work.Select(w => w.TrialId == lease.TrialId ? w with { LeaseExpiresUtc = until } : w));
        return true;
    }

    /// <inheritdoc/>
    public bool Release(TrialLease lease, IReadOnlyList<JournalEntry> entries, bool workRemains)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(entries);
        using var _ = Lock();
        var work = LoadWork();
        if (!Holds(work, lease)) return false;
        var journal = SweepJournal.Open(_folder.Journal);
        foreach (var entry in entries) journal.Append(entry);
        var others = work.Where(w => w.TrialId != lease.TrialId);
        SaveWork(workRemains ? others.Append(new WorkItem(lease.TrialId, null, null)) : others);
        return true;
    }

    /// <summary>True while <paramref name="lease"/>'s worker still holds its trial (a lease past its end still holds until taken).</summary>
    private static bool Holds(IReadOnlyList<WorkItem> work, TrialLease lease) =>
        work.Any(w => w.TrialId == lease.TrialId && w.Worker == lease.Worker);

    private SweepPlan? LoadPlan()
    {
        if (!File.Exists(PlanPath)) return null;
        try
        {
            return JsonSerializer.Deserialize<SweepPlan>(File.ReadAllText(PlanPath), SweepJson.Indented)
                ?? throw new JsonException("expected a plan object, found null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Sweep plan '{PlanPath}' cannot be read: {error.Message}", error);
        }
    }

    private IReadOnlyList<WorkItem> LoadWork()
    {
        if (!File.Exists(WorkPath)) return [];
        try
        {
            return JsonSerializer.Deserialize<WorkItem[]>(File.ReadAllText(WorkPath), SweepJson.Indented)
                ?? throw new JsonException("expected an array of work items, found null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Work items '{WorkPath}' cannot be read: {error.Message}", error);
        }
    }

    private void SaveWork(IEnumerable<WorkItem> work) =>
        AtomicFile.WriteText(WorkPath, JsonSerializer.Serialize(work.OrderBy(w => w.TrialId).ToArray(), SweepJson.Indented) + "\n");

    /// <summary>The store's lock: an exclusive lock on <c>store.lock</c>, waited for in short steps.</summary>
    private FileStream Lock()
    {
        Directory.CreateDirectory(_folder.Root);
        string path = Path.Combine(_folder.Root, LockFile);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                Thread.Sleep(Random.Shared.Next(5, 25));
            }
            catch (IOException error)
            {
                throw new IOException(
                    $"The sweep store's lock '{path}' stayed taken for {LockWait.TotalSeconds:0} s: another worker holds it and does not " +
                    "let go (a hung process, or a file system without working locks).", error);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() { }
}

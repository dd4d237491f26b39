using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>
/// Where workers share a sweep: its plan, its journal and its work items with their leases. Two stores: a sweep folder
/// (<see cref="FolderSweepStore"/>, the default: a lock file serialises the workers of one machine or of a shared file
/// system) and PostgreSQL (<see cref="PostgresSweepStore"/>, for workers on many machines). Every method is one
/// transaction; <see cref="SweepStores.Open"/> picks the store from a location.
/// </summary>
public interface ISweepStore : IDisposable
{
    /// <summary>Where the store is, for messages (a folder, or a PostgreSQL host, database and sweep name, without password).</summary>
    string Location { get; }

    /// <summary>The sweep's name in the store.</summary>
    string SweepName { get; }

    /// <summary>The registered plan, or null when no sweep of this name was registered.</summary>
    SweepPlan? ReadPlan();

    /// <summary>
    /// Registers <paramref name="plan"/>; when the store holds one already, keeps it with the larger trial budget
    /// (<see cref="SweepPlan.MergedWith"/>). Returns the plan now registered.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store holds a sweep of this name with another spec; nothing changed.</exception>
    SweepPlan Register(SweepPlan plan);

    /// <summary>Every journal entry, in order.</summary>
    IReadOnlyList<JournalEntry> ReadJournal();

    /// <summary>Every work item.</summary>
    IReadOnlyList<WorkItem> ReadWork();

    /// <summary>Appends one entry outside any trial session (e.g. a test score at the end).</summary>
    void Append(JournalEntry entry);

    /// <summary>
    /// Claims work for <paramref name="worker"/>: a free work item when there is one (the lowest trial id, skipping items
    /// another worker is claiming at this moment), else — under the sweep's lock, so that every decision is made once —
    /// whatever <paramref name="decide"/> makes of the journal and work items. The entries decided and the new lease are
    /// written in the same transaction.
    /// </summary>
    TrialClaim Claim(string worker, TimeSpan leaseLength, Func<StoreSnapshot, StoreDecision> decide);

    /// <summary>Extends <paramref name="lease"/> (the heartbeat). False when the lease was lost: another worker took the trial.</summary>
    bool Renew(TrialLease lease, TimeSpan leaseLength);

    /// <summary>
    /// Ends <paramref name="lease"/> with the session's entries, in one transaction: the entries are appended and the work
    /// item is deleted, or left free for any worker when <paramref name="workRemains"/> (a retry, or a session interrupted
    /// after its checkpoint). False, with nothing written, when the lease was lost.
    /// </summary>
    bool Release(TrialLease lease, IReadOnlyList<JournalEntry> entries, bool workRemains);
}

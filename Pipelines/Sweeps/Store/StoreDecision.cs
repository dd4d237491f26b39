using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>What a store shows a deciding worker, under the sweep's lock: the journal and the work items.</summary>
/// <param name="Journal">Every journal entry, in order.</param>
/// <param name="Work">Every work item.</param>
/// <param name="NowUtc">The store's clock.</param>
public sealed record StoreSnapshot(IReadOnlyList<JournalEntry> Journal, IReadOnlyList<WorkItem> Work, DateTime NowUtc);

/// <summary>
/// What a worker decided under the sweep's lock: entries to append (pruned trials, a proposal or promotion) and the trial
/// it takes, or that it should wait or that the sweep is finished. The store applies it in one transaction.
/// </summary>
/// <param name="Entries">Entries to append, in order.</param>
/// <param name="TrialId">The trial the worker takes (its work item is created, leased to the worker), or null.</param>
/// <param name="Finished">True when nothing runs and nothing can be started.</param>
public sealed record StoreDecision(IReadOnlyList<JournalEntry> Entries, int? TrialId, bool Finished)
{
    /// <summary>Start <paramref name="trialId"/> after appending <paramref name="entries"/>.</summary>
    public static StoreDecision Start(IReadOnlyList<JournalEntry> entries, int trialId) => new(entries, trialId, false);

    /// <summary>Nothing to start until a running trial reports.</summary>
    public static StoreDecision Wait(IReadOnlyList<JournalEntry> entries) => new(entries, null, false);

    /// <summary>The sweep is over.</summary>
    public static StoreDecision Finish(IReadOnlyList<JournalEntry> entries) => new(entries, null, true);
}

/// <summary>How a claim ended.</summary>
public enum ClaimKind
{
    /// <summary>The worker holds a trial (<see cref="TrialClaim.Lease"/>).</summary>
    Leased,

    /// <summary>Nothing to take now: trials run elsewhere and the scheduler waits for them.</summary>
    Wait,

    /// <summary>The sweep is over.</summary>
    Finished,
}

/// <summary>The answer to a claim.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Lease">The lease, when <see cref="ClaimKind.Leased"/>.</param>
/// <param name="Appended">The entries this claim appended (e.g. pruned trials, whose checkpoints the worker may delete).</param>
public sealed record TrialClaim(ClaimKind Kind, TrialLease? Lease, IReadOnlyList<JournalEntry> Appended);

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>
/// A trial that has work to do (it was proposed or promoted and has not reported since), and who holds it. A work item
/// without a holder, or whose lease expired (its worker died or lost touch), is free: the next worker claims it and the
/// trial resumes from its checkpoint.
/// </summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Worker">The worker that holds it, or null when free.</param>
/// <param name="LeaseExpiresUtc">When the holder's lease ends unless renewed; null when free.</param>
public sealed record WorkItem(int TrialId, string? Worker, DateTime? LeaseExpiresUtc)
{
    /// <summary>True when no live lease holds it at <paramref name="nowUtc"/>.</summary>
    public bool IsFree(DateTime nowUtc) => Worker is null || LeaseExpiresUtc is not { } end || end <= nowUtc;
}

/// <summary>A worker's hold on a trial: renewed by a heartbeat, given up with the session's report.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Worker">The worker's name.</param>
/// <param name="ExpiresUtc">When the lease ends unless renewed (by the store's clock).</param>
/// <param name="TakenOver">True when the trial was held before by a worker whose lease expired.</param>
public sealed record TrialLease(int TrialId, string Worker, DateTime ExpiresUtc, bool TakenOver);

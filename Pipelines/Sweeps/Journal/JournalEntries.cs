using System.Text.Json.Serialization;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>
/// One line of a sweep's append-only journal. Each kind of event is a record below; the JSON carries its kind in
/// <c>"type"</c>. The journal alone rebuilds the sweep (<see cref="SweepReplay"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SweepStarted), "sweep_started")]
[JsonDerivedType(typeof(TrialProposed), "trial_proposed")]
[JsonDerivedType(typeof(TrialRungReached), "rung_reached")]
[JsonDerivedType(typeof(TrialPromoted), "trial_promoted")]
[JsonDerivedType(typeof(TrialPruned), "trial_pruned")]
[JsonDerivedType(typeof(TrialCompleted), "trial_completed")]
[JsonDerivedType(typeof(TrialFailed), "trial_failed")]
[JsonDerivedType(typeof(TrialStopped), "trial_stopped")]
[JsonDerivedType(typeof(TrialTested), "trial_tested")]
public abstract record JournalEntry
{
    /// <summary>When the event was recorded (UTC).</summary>
    public DateTime Utc { get; init; } = DateTime.UtcNow;
}

/// <summary>An entry about one trial.</summary>
public interface ITrialEntry
{
    /// <summary>The trial's number (<see cref="TrialRecord.Id"/>).</summary>
    int TrialId { get; }
}

/// <summary>A session of the sweep started (the first run, or a resume).</summary>
/// <param name="Session">1 for the first run, then one more per resume.</param>
/// <param name="Trials">The trial budget of this session.</param>
/// <param name="TimeSeconds">The time budget of this session, or null.</param>
public sealed record SweepStarted(int Session, int Trials, double? TimeSeconds) : JournalEntry;

/// <summary>A tuner proposed a trial; it trains up to <paramref name="TargetEpoch"/> (a rung, or the last epoch).</summary>
public sealed record TrialProposed(int TrialId, TrialConfig Config, int TargetEpoch) : JournalEntry, ITrialEntry;

/// <summary>A trial reached a rung and paused there with these figures.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Metrics">Its validation figures at the rung.</param>
/// <param name="TrainSeconds">This session's training seconds (the replay adds up the sessions').</param>
public sealed record TrialRungReached(int TrialId, TrialMetrics Metrics, double TrainSeconds) : JournalEntry, ITrialEntry;

/// <summary>A paused trial was promoted: it goes on from its checkpoint up to <paramref name="TargetEpoch"/>.</summary>
public sealed record TrialPromoted(int TrialId, int TargetEpoch) : JournalEntry, ITrialEntry;

/// <summary>A paused trial was pruned at its last rung.</summary>
public sealed record TrialPruned(int TrialId) : JournalEntry, ITrialEntry;

/// <summary>A trial trained all its epochs.</summary>
public sealed record TrialCompleted(int TrialId, TrialMetrics Metrics, TrialCost Cost) : JournalEntry, ITrialEntry;

/// <summary>A trial threw (or diverged). With <paramref name="WillRetry"/> it is run again from its last checkpoint.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Error">The error's first line; the full text is in the trial's folder.</param>
/// <param name="Diverged">True when the loss became non-finite.</param>
/// <param name="WillRetry">True when the trial gets another attempt.</param>
/// <param name="Epoch">The epoch reached before the failure.</param>
public sealed record TrialFailed(int TrialId, string Error, bool Diverged, bool WillRetry, int Epoch) : JournalEntry, ITrialEntry;

/// <summary>The time budget ran out: the trial stopped at an epoch boundary (its checkpoint is kept, so a longer budget resumes it).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Epoch">Epochs trained (checkpointed).</param>
/// <param name="ValidationAccuracy">The last epoch's validation accuracy, when measured.</param>
/// <param name="TrainSeconds">This session's training seconds (the replay adds up the sessions').</param>
public sealed record TrialStopped(int TrialId, int Epoch, double? ValidationAccuracy, double TrainSeconds) : JournalEntry, ITrialEntry;

/// <summary>A top trial's model was scored once on the test set.</summary>
public sealed record TrialTested(int TrialId, double Accuracy, double MacroAccuracy, long Images) : JournalEntry, ITrialEntry;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>
/// A sweep rebuilt from its journal: every trial's <see cref="TrialRecord"/> and the number of sessions. Each trial follows
/// its entries in order:
/// <list type="table">
/// <listheader><term>entry</term><description>the trial then</description></listheader>
/// <item><term><see cref="TrialProposed"/></term><description>Running up to its target epoch.</description></item>
/// <item><term><see cref="TrialRungReached"/></term><description>Paused (from Running or Stopped); the rung's figures appended, the session's seconds added.</description></item>
/// <item><term><see cref="TrialPromoted"/></term><description>Running (from Paused or Stopped) up to the new target epoch.</description></item>
/// <item><term><see cref="TrialPruned"/></term><description>Pruned (from Paused).</description></item>
/// <item><term><see cref="TrialCompleted"/></term><description>Completed (from Running or Stopped); the figures appended, the cost and its seconds set.</description></item>
/// <item><term><see cref="TrialFailed"/></term><description>Running again with one more failure when it will retry; else Failed or Diverged with the error.</description></item>
/// <item><term><see cref="TrialStopped"/></term><description>Stopped (from Running) at its epoch, the session's seconds added.</description></item>
/// <item><term><see cref="TrialTested"/></term><description>Its test figures set (any state).</description></item>
/// </list>
/// </summary>
public sealed class SweepReplay
{
    private SweepReplay(IReadOnlyList<TrialRecord> trials, int sessions)
    {
        Trials = trials;
        Sessions = sessions;
    }

    /// <summary>Every trial proposed, by id.</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>How many sessions started (<see cref="SweepStarted"/> entries): 0 for a new sweep.</summary>
    public int Sessions { get; }

    /// <summary>Plays <paramref name="entries"/> (a journal's, in order).</summary>
    /// <exception cref="InvalidDataException">An entry names a trial not proposed before it, proposes an id twice, does not fit
    /// the trial's state, or starts a session out of order; the message names the entry and the trial.</exception>
    public static SweepReplay Of(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var trials = new SortedDictionary<int, TrialRecord>();
        int sessions = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            var place = new EntryPlace(i + 1, entries[i]);
            switch (entries[i])
            {
                case SweepStarted started:
                    if (started.Session != sessions + 1)
                        throw place.Error($"expected session {sessions + 1}, found session {started.Session}");
                    sessions = started.Session;
                    break;
                case TrialProposed proposed:
                    if (trials.ContainsKey(proposed.TrialId))
                        throw place.Error($"trial {proposed.TrialId} was already proposed");
                    trials[proposed.TrialId] = new TrialRecord { Id = proposed.TrialId, Config = proposed.Config, TargetEpoch = proposed.TargetEpoch };
                    break;
                case ITrialEntry { TrialId: var id }:
                    if (!trials.TryGetValue(id, out var trial))
                        throw place.Error($"trial {id} was never proposed (known trials: {KnownIds(trials)})");
                    trials[id] = Apply(trial, entries[i], place);
                    break;
                default:
                    throw place.Error("expected a sweep or trial entry");
            }
        }
        return new SweepReplay(trials.Values.ToArray(), sessions);
    }

    private static TrialRecord Apply(TrialRecord trial, JournalEntry entry, EntryPlace place) => entry switch
    {
        TrialRungReached rung => place.Expect(trial, TrialState.Running, TrialState.Stopped) with
        {
            State = TrialState.Paused,
            Rungs = [.. trial.Rungs, rung.Metrics],
            EpochsRun = rung.Metrics.Epoch,
            TrainSeconds = trial.TrainSeconds + rung.TrainSeconds,
        },
        TrialPromoted promoted => place.Expect(trial, TrialState.Paused, TrialState.Stopped) with
        {
            State = TrialState.Running,
            TargetEpoch = promoted.TargetEpoch,
        },
        TrialPruned => place.Expect(trial, TrialState.Paused) with { State = TrialState.Pruned },
        TrialCompleted completed => place.Expect(trial, TrialState.Running, TrialState.Stopped) with
        {
            State = TrialState.Completed,
            Rungs = [.. trial.Rungs, completed.Metrics],
            EpochsRun = completed.Metrics.Epoch,
            Cost = completed.Cost,
            TrainSeconds = completed.Cost.TrainSeconds,
        },
        TrialFailed failed => place.Expect(trial, TrialState.Running, TrialState.Stopped) with
        {
            State = failed.WillRetry ? TrialState.Running : failed.Diverged ? TrialState.Diverged : TrialState.Failed,
            Error = failed.WillRetry ? trial.Error : failed.Error,
            Failures = trial.Failures + 1,
            EpochsRun = failed.Epoch,
        },
        TrialStopped stopped => place.Expect(trial, TrialState.Running) with
        {
            State = TrialState.Stopped,
            EpochsRun = stopped.Epoch,
            TrainSeconds = trial.TrainSeconds + stopped.TrainSeconds,
        },
        TrialTested tested => trial with { TestAccuracy = tested.Accuracy, TestMacroAccuracy = tested.MacroAccuracy },
        _ => throw place.Error($"no replay rule for a {entry.GetType().Name} entry"),
    };

    private static string KnownIds(SortedDictionary<int, TrialRecord> trials) =>
        trials.Count == 0 ? "none" : trials.Count <= 10 ? string.Join(", ", trials.Keys) : $"{trials.Count} trials, {trials.Keys.First()} to {trials.Keys.Last()}";

    /// <summary>Which entry is being played, for the errors.</summary>
    private readonly record struct EntryPlace(int Number, JournalEntry Entry)
    {
        public InvalidDataException Error(string what) =>
            new($"Journal entry {Number} ({Entry.GetType().Name}): {what}.");

        /// <summary><paramref name="trial"/> when it is in one of <paramref name="states"/>, else the error saying so.</summary>
        public TrialRecord Expect(TrialRecord trial, params TrialState[] states) => states.Contains(trial.State)
            ? trial
            : throw Error($"trial {trial.Id} is {trial.State}; expected {string.Join(" or ", states)}");
    }
}

using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>
/// The sweep's decisions as journal entries: asks the scheduler what to do and the tuner what to try, and answers with the
/// entry that records it. The one place both a single-process sweep (<see cref="SweepRun"/>) and workers sharing a store
/// (<see cref="Store.SweepStoreWorker"/>) decide.
/// </summary>
internal sealed class SweepPlanner
{
    private readonly SearchSpace _space;
    private readonly ISweepTuner _tuner;
    private readonly ISweepScheduler _scheduler;
    private readonly SweepMetric _metric;
    private readonly int _seed;

    public SweepPlanner(SearchSpace space, ISweepTuner tuner, ISweepScheduler scheduler, SweepMetric metric, int seed)
    {
        _space = space;
        _tuner = tuner;
        _scheduler = scheduler;
        _metric = metric;
        _seed = seed;
    }

    /// <summary>The next step of a free worker, given every trial so far and whether a new trial may be proposed.</summary>
    public PlannedStep Next(IReadOnlyList<TrialRecord> trials, bool mayPropose)
    {
        switch (_scheduler.Next(new SchedulerView(trials, _metric, mayPropose)))
        {
            case SweepDecision.Propose propose:
                var observations = trials.Select(t => new TrialObservation(t.Config, t.Latest?.Objective(_metric), t.EpochsRun, t.State)).ToList();
                var config = _tuner.Propose(_space, trials.Count, observations, _seed);
                return config is null
                    ? new PlannedStep.TunerExhausted()
                    : new PlannedStep.Start(new TrialProposed(trials.Count + 1, config, propose.TargetEpoch), trials.Count + 1);
            case SweepDecision.Promote promote:
                return new PlannedStep.Start(new TrialPromoted(promote.TrialId, promote.TargetEpoch), promote.TrialId);
            case SweepDecision.Prune prune:
                return new PlannedStep.Prune(new TrialPruned(prune.TrialId));
            case SweepDecision.Finish:
                return new PlannedStep.Finish();
            default:
                return new PlannedStep.Wait();
        }
    }

    /// <summary>
    /// The entry that records how a session ended (a retry when it failed, did not diverge and has retries left), and whether
    /// the trial has work left for a retry.
    /// </summary>
    public static (JournalEntry Entry, bool Retry) Record(TrialOutcome outcome, TrialRecord trial, int retries)
    {
        int id = outcome.TrialId;
        switch (outcome.Kind)
        {
            case TrialOutcomeKind.Paused:
                return (new TrialRungReached(id, outcome.Metrics!, outcome.TrainSeconds), false);
            case TrialOutcomeKind.Completed:
                return (new TrialCompleted(id, outcome.Metrics!, outcome.Cost!), false);
            case TrialOutcomeKind.Stopped:
                return (new TrialStopped(id, outcome.Epoch, outcome.ValidationAccuracy, outcome.TrainSeconds), false);
            default:
                bool diverged = outcome.Kind == TrialOutcomeKind.Diverged;
                bool retry = !diverged && trial.Failures < retries;
                return (new TrialFailed(id, outcome.Error ?? "unknown error", diverged, retry, outcome.Epoch), retry);
        }
    }

    /// <summary>
    /// Trials in a row that failed for good at the end of <paramref name="journal"/> (a rung reached or a trial completed
    /// ends the run of failures).
    /// </summary>
    public static int ConsecutiveFailures(IEnumerable<JournalEntry> journal)
    {
        int failures = 0;
        foreach (var entry in journal)
            failures = entry switch
            {
                TrialFailed { WillRetry: false } => failures + 1,
                TrialRungReached or TrialCompleted => 0,
                _ => failures,
            };
        return failures;
    }
}

/// <summary>What a free worker does next.</summary>
internal abstract record PlannedStep
{
    /// <summary>Append <paramref name="Entry"/> (a proposal or a promotion) and train <paramref name="TrialId"/>.</summary>
    public sealed record Start(JournalEntry Entry, int TrialId) : PlannedStep;

    /// <summary>Append <paramref name="Entry"/>: a paused trial stops for good; then ask again.</summary>
    public sealed record Prune(TrialPruned Entry) : PlannedStep;

    /// <summary>The tuner has no other configuration: ask again without proposing.</summary>
    public sealed record TunerExhausted : PlannedStep;

    /// <summary>Nothing to start until a running trial reports.</summary>
    public sealed record Wait : PlannedStep;

    /// <summary>The sweep is over.</summary>
    public sealed record Finish : PlannedStep;
}

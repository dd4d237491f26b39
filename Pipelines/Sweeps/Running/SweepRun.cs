using Microsoft.ML;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>
/// One session of a sweep: prepares (or finds) the workspace, replays the journal, then asks the scheduler what to do and the
/// tuner what to try while workers are free, records every outcome in the journal, and ends with the reports. The journal is
/// the only state: every decision is taken from the trials it replays to.
/// </summary>
internal sealed class SweepRun
{
    private readonly MLContext _mlContext;
    private readonly SweepSettings _settings;
    private readonly Dictionary<int, Task<TrialOutcome>> _running = new();
    private readonly Dictionary<int, int> _workerOf = new();
    private readonly Queue<int> _freeWorkers = new();
    private SweepJournal _journal = null!;
    private SweepWorkspace _workspace = null!;
    private ITrialExecutor _executor = null!;
    private DateTime? _deadline;
    private CancellationToken _cancellation;
    private IReadOnlyList<TrialRecord> _trials = [];
    private int _consecutiveFailures;
    private bool _tunerExhausted;

    public SweepRun(MLContext mlContext, SweepSettings settings)
    {
        _mlContext = mlContext;
        _settings = settings;
    }

    public async Task<SweepResult> RunAsync(CancellationToken cancellation)
    {
        _cancellation = cancellation;
        var workspace = _workspace = SweepWorkspace.Prepare(_mlContext, _settings, cancellation);
        _journal = SweepJournal.Open(workspace.Folder.Journal);
        Replay();
        int session = SweepReplay.Of(_journal.Entries).Sessions + 1;
        _journal.Append(new SweepStarted(session, _settings.Budget.Trials, _settings.Budget.Time?.TotalSeconds));
        _deadline = _settings.Budget.Time is { } time ? DateTime.UtcNow + time : null;

        using var executor = _executor = workspace.CreateExecutor(_settings);
        for (int w = 0; w < executor.Workers; w++) _freeWorkers.Enqueue(w);
        // Trials that were training when the last session ended, or that its time budget stopped, go on from their checkpoints.
        var unfinished = new Queue<int>(_trials.Where(t => t.State is TrialState.Running or TrialState.Stopped).Select(t => t.Id));
        bool finished = false;
        try
        {
            while (true)
            {
                bool timeUp = _deadline is { } d && DateTime.UtcNow >= d;
                while (_freeWorkers.Count > 0 && !timeUp)
                {
                    if (unfinished.TryDequeue(out int again))
                    {
                        Continue(again);
                        continue;
                    }
                    var decision = _settings.Scheduler.Next(new SchedulerView(_trials, _settings.Metric, MayPropose()));
                    if (decision is SweepDecision.Wait or SweepDecision.Finish)
                    {
                        finished = decision is SweepDecision.Finish && _running.Count == 0;
                        break;
                    }
                    Apply(decision);
                }
                if (_running.Count == 0)
                {
                    finished &= !timeUp && !FailureLimitReached && !_trials.Any(t => t.State == TrialState.Stopped);
                    break;
                }
                var done = await Task.WhenAny(_running.Values).ConfigureAwait(false);
                Record(await done.ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException)
        {
            // Let every running session stop at its step (its last checkpoint kept), then report the cancellation.
            await Task.WhenAll(_running.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            throw;
        }
        return new SweepEnding(_mlContext, _settings, workspace, _journal).Finish(finished, cancellation);
    }

    private bool MayPropose() => !_tunerExhausted && _trials.Count < _settings.Budget.Trials && !FailureLimitReached;

    private bool FailureLimitReached => _settings.Budget.MaxConsecutiveFailures is int limit && _consecutiveFailures >= limit;

    private void Apply(SweepDecision decision)
    {
        switch (decision)
        {
            case SweepDecision.Propose propose:
                var observations = _trials.Select(t => new TrialObservation(t.Config, t.Latest?.Objective(_settings.Metric), t.EpochsRun, t.State)).ToList();
                var config = _settings.Tuner.Propose(_settings.Space!, _trials.Count, observations, _settings.Seed);
                if (config is null)
                {
                    _tunerExhausted = true;
                    return;
                }
                int id = _trials.Count + 1;
                Append(new TrialProposed(id, config, propose.TargetEpoch));
                Start(id);
                break;
            case SweepDecision.Promote promote:
                Append(new TrialPromoted(promote.TrialId, promote.TargetEpoch));
                Start(promote.TrialId);
                break;
            case SweepDecision.Prune prune:
                Append(new TrialPruned(prune.TrialId));
                _settings.Monitor.ReportPrunedTrial(Trial(prune.TrialId));
                _workspace.ReleaseCheckpoint(prune.TrialId);
                break;
        }
    }

    /// <summary>A trial left running or stopped by an earlier session: train on to its target from its checkpoint.</summary>
    private void Continue(int id)
    {
        var trial = Trial(id);
        if (trial.State == TrialState.Stopped)
            Append(new TrialPromoted(id, trial.TargetEpoch));
        Start(id);
    }

    private void Start(int id)
    {
        var trial = Trial(id);
        int worker = _freeWorkers.Dequeue();
        var request = _workspace.Request(trial, _settings, TrialDeadline(trial));
        _settings.Monitor.ReportRunningTrial(trial, trial.TargetEpoch);
        _workerOf[id] = worker;
        _running[id] = _executor.RunAsync(request, worker, _cancellation);
    }

    private DateTime? TrialDeadline(TrialRecord trial)
    {
        if (_settings.Budget.TrialTime is not { } limit) return _deadline;
        var own = DateTime.UtcNow + limit - TimeSpan.FromSeconds(trial.TrainSeconds);
        return _deadline is { } d && d < own ? d : own;
    }

    /// <summary>Records how a session ended, and frees its worker.</summary>
    private void Record(TrialOutcome outcome)
    {
        int id = outcome.TrialId;
        _running.Remove(id);
        _freeWorkers.Enqueue(_workerOf[id]);
        switch (outcome.Kind)
        {
            case TrialOutcomeKind.Paused:
                Append(new TrialRungReached(id, outcome.Metrics!, outcome.TrainSeconds));
                _consecutiveFailures = 0;
                _settings.Monitor.ReportPausedTrial(Trial(id));
                break;
            case TrialOutcomeKind.Completed:
                var best = BestCompleted();
                Append(new TrialCompleted(id, outcome.Metrics!, outcome.Cost!));
                _consecutiveFailures = 0;
                _settings.Monitor.ReportCompletedTrial(Trial(id));
                if (BestCompleted() is { } now && now.Id == id && best?.Id != id)
                    _settings.Monitor.ReportBestTrial(now);
                break;
            case TrialOutcomeKind.Stopped:
                Append(new TrialStopped(id, outcome.Epoch, outcome.ValidationAccuracy, outcome.TrainSeconds));
                _settings.Monitor.ReportStoppedTrial(Trial(id));
                break;
            case TrialOutcomeKind.Failed or TrialOutcomeKind.Diverged:
                bool diverged = outcome.Kind == TrialOutcomeKind.Diverged;
                bool retry = !diverged && Trial(id).Failures < _settings.Budget.Retries;
                Append(new TrialFailed(id, outcome.Error ?? "unknown error", diverged, retry, outcome.Epoch));
                _settings.Monitor.ReportFailedTrial(Trial(id), outcome.Error ?? "", retry);
                if (retry)
                    Start(id);
                else
                    _consecutiveFailures++;
                break;
        }
    }

    private TrialRecord? BestCompleted() => CompletedRanking.Of(_trials, _settings.Metric).FirstOrDefault();

    private void Append(JournalEntry entry)
    {
        _journal.Append(entry);
        Replay();
    }

    private void Replay() => _trials = SweepReplay.Of(_journal.Entries).Trials;

    private TrialRecord Trial(int id) => _trials.Single(t => t.Id == id);
}

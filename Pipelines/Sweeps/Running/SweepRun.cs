using Microsoft.ML;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;

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
    private readonly SweepPlanner _planner;
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
        _planner = new SweepPlanner(settings.Space!, settings.Tuner, settings.Scheduler, settings.Metric, settings.Seed);
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
                    var step = _planner.Next(_trials, MayPropose());
                    if (!Apply(step))
                    {
                        finished = step is PlannedStep.Finish && _running.Count == 0;
                        break;
                    }
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

    /// <summary>Carries out the planner's step; false when the workers should wait for a running trial to report.</summary>
    private bool Apply(PlannedStep step)
    {
        switch (step)
        {
            case PlannedStep.Start start:
                Append(start.Entry);
                Start(start.TrialId);
                return true;
            case PlannedStep.Prune prune:
                Append(prune.Entry);
                _settings.Monitor.ReportPrunedTrial(Trial(prune.Entry.TrialId));
                _workspace.Folder.ReleaseCheckpoint(prune.Entry.TrialId);
                return true;
            case PlannedStep.TunerExhausted:
                _tunerExhausted = true;
                return true;
            default:
                return false;
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
        var (entry, retry) = SweepPlanner.Record(outcome, Trial(id), _settings.Budget.Retries);
        var best = entry is TrialCompleted ? BestCompleted() : null;
        Append(entry);
        switch (entry)
        {
            case TrialRungReached:
                _consecutiveFailures = 0;
                _settings.Monitor.ReportPausedTrial(Trial(id));
                break;
            case TrialCompleted:
                _consecutiveFailures = 0;
                _settings.Monitor.ReportCompletedTrial(Trial(id));
                if (BestCompleted() is { } now && now.Id == id && best?.Id != id)
                    _settings.Monitor.ReportBestTrial(now);
                break;
            case TrialStopped:
                _settings.Monitor.ReportStoppedTrial(Trial(id));
                break;
            case TrialFailed failed:
                _settings.Monitor.ReportFailedTrial(Trial(id), failed.Error, retry);
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

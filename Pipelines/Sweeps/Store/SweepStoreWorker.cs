using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Running;

namespace MlNetCnn.Pipelines.Sweeps.Store;

/// <summary>
/// One worker of a sweep shared through a store (<c>mlnetcnn sweep-worker --storage</c>): until the sweep is over it claims a
/// trial — one another worker gave back or lost, or a decision it takes under the sweep's lock — trains that session in
/// this process from the trial's checkpoint on the shared folder, renews its lease while training, and reports. Any number
/// of workers on any number of machines can share one store. A worker that dies loses its lease; the next claim takes the
/// trial over and resumes it from its last checkpoint.
/// </summary>
public sealed class SweepStoreWorker
{
    private readonly ISweepStore _store;
    private readonly SweepStoreWorkerOptions _options;

    /// <summary>Creates a worker of the sweep registered in <paramref name="store"/>.</summary>
    public SweepStoreWorker(ISweepStore store, SweepStoreWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new SweepStoreWorkerOptions();
        _options.Validate();
    }

    /// <summary>Works until the sweep is over, or until <paramref name="stop"/> (then the held trial is given back after its checkpoint).</summary>
    /// <exception cref="InvalidOperationException">The store holds no plan of this sweep (register it with <c>SweepExperiment.RegisterAsync</c>).</exception>
    public async Task<SweepWorkerExit> RunAsync(CancellationToken stop = default)
    {
        var plan = _store.ReadPlan() ?? throw new InvalidOperationException(
            $"The store {_store.Location} holds no sweep '{_store.SweepName}': start it with 'mlnetcnn sweep ... --storage' (SweepExperiment.RegisterAsync) before its workers.");
        var files = new SweepFolder(_options.Folder ?? plan.Folder);
        var planner = new SweepPlanner(plan.Space(), plan.Tuner(), plan.Scheduler(), plan.Spec.Metric, plan.Spec.Seed);
        var runner = new TrialRunner(TrialData.Load(files.Data, files.Featurizer));
        Log($"worker {_options.Name} on sweep '{plan.Name}' ({_store.Location}), folder {files.Root}");
        while (!stop.IsCancellationRequested)
        {
            var claim = _store.Claim(_options.Name, _options.LeaseLength, snapshot => Decide(planner, plan, snapshot));
            foreach (var pruned in claim.Appended.OfType<TrialPruned>()) files.ReleaseCheckpoint(pruned.TrialId);
            switch (claim.Kind)
            {
                case ClaimKind.Finished:
                    Log("the sweep is over");
                    return SweepWorkerExit.Finished;
                case ClaimKind.Wait:
                    try { await Task.Delay(_options.Poll, stop).ConfigureAwait(false); }
                    catch (OperationCanceledException) { }
                    continue;
            }
            if (!await RunSessionAsync(runner, plan, files, claim.Lease!, stop).ConfigureAwait(false))
                return SweepWorkerExit.Interrupted;
        }
        return SweepWorkerExit.Interrupted;
    }

    /// <summary>
    /// The decision of a free worker under the sweep's lock: a trial left unfinished without a work item (by a single-process
    /// session of the same folder, or a time budget) first; else prunes, then a trial to start, or wait, or finish.
    /// </summary>
    internal static StoreDecision Decide(SweepPlanner planner, SweepPlan plan, StoreSnapshot snapshot)
    {
        var entries = snapshot.Journal.ToList();
        var appended = new List<JournalEntry>();
        var held = snapshot.Work.Select(w => w.TrialId).ToHashSet();
        if (SweepReplay.Of(entries).Trials.FirstOrDefault(t => t.State is TrialState.Running or TrialState.Stopped && !held.Contains(t.Id)) is { } orphan)
        {
            if (orphan.State == TrialState.Stopped) appended.Add(new TrialPromoted(orphan.Id, orphan.TargetEpoch));
            return StoreDecision.Start(appended, orphan.Id);
        }
        bool exhausted = false;
        while (true)
        {
            var trials = SweepReplay.Of(entries).Trials;
            bool mayPropose = !exhausted && trials.Count < plan.Trials &&
                              !(plan.MaxConsecutiveFailures is int limit && SweepPlanner.ConsecutiveFailures(entries) >= limit);
            switch (planner.Next(trials, mayPropose))
            {
                case PlannedStep.Start start:
                    appended.Add(start.Entry);
                    return StoreDecision.Start(appended, start.TrialId);
                case PlannedStep.Prune prune:
                    appended.Add(prune.Entry);
                    entries.Add(prune.Entry);
                    break;
                case PlannedStep.TunerExhausted:
                    exhausted = true;
                    break;
                case PlannedStep.Finish when snapshot.Work.Count == 0:
                    return StoreDecision.Finish(appended);
                default:
                    return StoreDecision.Wait(appended);
            }
        }
    }

    /// <summary>Trains the leased trial's session and reports it; false when the worker was stopped (the trial given back).</summary>
    private async Task<bool> RunSessionAsync(TrialRunner runner, SweepPlan plan, SweepFolder files, TrialLease lease, CancellationToken stop)
    {
        var trial = SweepReplay.Of(_store.ReadJournal()).Trials.Single(t => t.Id == lease.TrialId);
        var request = new TrialRequest(trial.Id, trial.Config, plan.Spec.MaxEpochs, trial.TargetEpoch, files.Trial(trial.Id), plan.Spec.Seed,
            plan.Spec.Metric, _options.Threads, _options.GpuId);
        Log($"trial {trial.Id} ({trial.Config}) to epoch {trial.TargetEpoch}" +
            (lease.TakenOver ? ", taken over from a worker whose lease expired: resuming from its checkpoint" : ""));
        // The heartbeat cancels the session when the lease is lost; the session also ends when the worker is stopped.
        using var lostLease = new CancellationTokenSource();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop, lostLease.Token);
        using var heartbeat = new Timer(_ =>
        {
            try
            {
                if (_store.Renew(lease, _options.LeaseLength)) return;
                Log($"trial {trial.Id}: the lease was lost (another worker took the trial); stopping this session");
                lostLease.Cancel();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException)
            {
                Log($"trial {trial.Id}: the lease could not be renewed ({e.Message}); trying again at the next beat");
            }
        }, null, _options.Heartbeat, _options.Heartbeat);

        TrialOutcome outcome;
        try
        {
            outcome = await Task.Factory.StartNew(() => runner.Run(request, session.Token), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await heartbeat.DisposeAsync().ConfigureAwait(false);
            if (lostLease.IsCancellationRequested) return !stop.IsCancellationRequested;
            _store.Release(lease, [], workRemains: true);
            Log($"trial {trial.Id}: stopped; its checkpoint is kept and the trial is given back");
            return false;
        }
        await heartbeat.DisposeAsync().ConfigureAwait(false);
        var (entry, retry) = SweepPlanner.Record(outcome, trial, plan.Retries);
        if (lostLease.IsCancellationRequested || !_store.Release(lease, [entry], workRemains: retry))
        {
            Log($"trial {trial.Id}: its lease was lost before the report; the worker that took it over reports instead");
            return !stop.IsCancellationRequested;
        }
        Log($"trial {trial.Id}: {outcome.Kind.ToString().ToLowerInvariant()} at epoch {outcome.Epoch}" + (outcome.Error is null ? "" : $": {outcome.Error}"));
        return true;
    }

    private void Log(string line) => _options.Log?.Invoke(line);
}

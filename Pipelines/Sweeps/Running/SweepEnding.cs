using Microsoft.ML;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Reports;

namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>
/// The end of a session: the top trials scored once on the test set, the best model copied to <c>best/</c>, and the
/// leaderboard and charts written from the journal.
/// </summary>
internal sealed class SweepEnding
{
    private readonly MLContext _mlContext;
    private readonly SweepSettings _settings;
    private readonly SweepWorkspace _workspace;
    private readonly SweepJournal _journal;

    public SweepEnding(MLContext mlContext, SweepSettings settings, SweepWorkspace workspace, SweepJournal journal)
    {
        _mlContext = mlContext;
        _settings = settings;
        _workspace = workspace;
        _journal = journal;
    }

    public SweepResult Finish(bool finished, CancellationToken cancellation)
    {
        var ranked = Ranked(SweepReplay.Of(_journal.Entries).Trials);
        if (_settings.Test is { } test)
            foreach (var trial in ranked.Take(_settings.TestTopK).Where(t => t.TestAccuracy is null))
            {
                cancellation.ThrowIfCancellationRequested();
                var report = ClassificationReport.Evaluate(_mlContext, LoadModel(trial.Id).Transform(test), _settings.LabelColumnName);
                _journal.Append(new TrialTested(trial.Id, report.Accuracy, report.MacroAccuracy, report.ImageCount));
            }

        var trials = SweepReplay.Of(_journal.Entries).Trials;
        var best = Ranked(trials).FirstOrDefault();
        string? bestModel = best is null ? null : SweepReport.SaveBest(_workspace.Folder, best.Id);
        var leaderboard = SweepReport.Write(_workspace.Folder, trials, _settings.Metric);
        return new SweepResult(trials, leaderboard, best, bestModel, _workspace.Folder.Root, finished);
    }

    private IReadOnlyList<TrialRecord> Ranked(IReadOnlyList<TrialRecord> trials) => CompletedRanking.Of(trials, _settings.Metric);

    private ITransformer LoadModel(int trialId) => _mlContext.Model.Load(_workspace.Folder.TrialModel(trialId), out _);
}

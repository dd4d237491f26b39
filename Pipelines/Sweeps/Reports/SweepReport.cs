using MlNetCnn.Models.IO;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Journal;
using MlNetCnn.Pipelines.Sweeps.Running;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>The files a sweep reports in: the leaderboard (CSV, markdown, JSON) and the two charts, all from the journal.</summary>
public static class SweepReport
{
    /// <summary>Writes leaderboard.csv/.md/.json, pareto.png and curves.png of <paramref name="trials"/> into the sweep's folder.</summary>
    public static Leaderboard Write(SweepFolder folder, IReadOnlyList<TrialRecord> trials, SweepMetric metric)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var leaderboard = Leaderboard.Build(trials, metric);
        leaderboard.Save(folder);
        SweepCharts.SavePareto(folder.ParetoChart, trials);
        SweepCharts.SaveCurves(folder.CurvesChart, trials);
        return leaderboard;
    }

    /// <summary>
    /// Rebuilds the leaderboard and charts of the sweep in <paramref name="folder"/> from its spec and journal; trains nothing.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder holds no sweep spec.</exception>
    /// <exception cref="InvalidDataException">The spec or the journal is damaged; the message names the file and line.</exception>
    public static Leaderboard Rebuild(string folder)
    {
        var files = new SweepFolder(folder);
        var spec = SweepSpec.Load(files.Spec);
        var trials = SweepReplay.Of(SweepJournal.Open(files.Journal).Entries).Trials;
        return Write(files, trials, spec.Metric);
    }

    /// <summary>
    /// Rebuilds the leaderboard and charts of the sweep registered in <paramref name="store"/>, in its folder (or
    /// <paramref name="folder"/>, the folder as this machine sees it), and copies the best model to <c>best/</c>; trains nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store holds no such sweep.</exception>
    public static Leaderboard Rebuild(ISweepStore store, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var plan = store.ReadPlan() ?? throw new InvalidOperationException($"The store {store.Location} holds no sweep '{store.SweepName}'.");
        var files = new SweepFolder(folder ?? plan.Folder);
        var trials = SweepReplay.Of(store.ReadJournal()).Trials;
        if (CompletedRanking.Of(trials, plan.Spec.Metric).FirstOrDefault() is { } best)
            SaveBest(files, best.Id);
        return Write(files, trials, plan.Spec.Metric);
    }

    /// <summary>Copies trial <paramref name="trialId"/>'s model.zip and model.onnx to <c>best/</c>, each replaced whole; returns the model.zip.</summary>
    public static string SaveBest(SweepFolder folder, int trialId)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.Best);
        foreach (string name in new[] { TrialFiles.Model, TrialFiles.Onnx })
        {
            string source = Path.Combine(folder.Trial(trialId), name);
            AtomicFile.Write(Path.Combine(folder.Best, name), temporary => File.Copy(source, temporary, overwrite: true));
        }
        return Path.Combine(folder.Best, TrialFiles.Model);
    }
}

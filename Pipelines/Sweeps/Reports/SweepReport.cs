using MlNetCnn.Pipelines.Sweeps.Journal;

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
}

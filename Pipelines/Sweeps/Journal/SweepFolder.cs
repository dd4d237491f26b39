using System.Globalization;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>The files of a sweep's folder: what the sweep, its resumes and <c>sweep-report</c> read and write.</summary>
/// <param name="Root">The sweep's folder.</param>
public sealed record SweepFolder(string Root)
{
    /// <summary>The sweep's folder.</summary>
    public string Root { get; } = string.IsNullOrWhiteSpace(Root) ? throw new ArgumentException("A sweep folder path is expected; got an empty one.", nameof(Root)) : Root;

    /// <summary>What identifies the sweep (<see cref="SweepSpec"/>): <c>spec.json</c>.</summary>
    public string Spec => Combine("spec.json");

    /// <summary>The journal (<see cref="SweepJournal"/>): <c>journal.jsonl</c>.</summary>
    public string Journal => Combine("journal.jsonl");

    /// <summary>The training and validation tensors every trial reads, written once: <c>data.bin</c>.</summary>
    public string Data => Combine("data.bin");

    /// <summary>The fitted transforms from raw rows to tensors, the head of every model's chain: <c>featurizer.zip</c>.</summary>
    public string Featurizer => Combine("featurizer.zip");

    /// <summary>A trial's model.zip (the whole chain).</summary>
    public string TrialModel(int id) => System.IO.Path.Combine(Trial(id), Execution.TrialFiles.Model);

    /// <summary>A trial's checkpoint: where its next session goes on from.</summary>
    public string TrialCheckpoint(int id) => System.IO.Path.Combine(Trial(id), Execution.TrialFiles.Checkpoint);

    /// <summary>Deletes a pruned trial's checkpoint: it will not go on.</summary>
    public void ReleaseCheckpoint(int id)
    {
        if (File.Exists(TrialCheckpoint(id))) File.Delete(TrialCheckpoint(id));
    }

    /// <summary>The leaderboard as CSV: <c>leaderboard.csv</c>.</summary>
    public string LeaderboardCsv => Combine("leaderboard.csv");

    /// <summary>The leaderboard as a markdown table: <c>leaderboard.md</c>.</summary>
    public string LeaderboardMarkdown => Combine("leaderboard.md");

    /// <summary>The leaderboard as a JSON array: <c>leaderboard.json</c>.</summary>
    public string LeaderboardJson => Combine("leaderboard.json");

    /// <summary>Accuracy against parameters and latency, with the Pareto fronts: <c>pareto.png</c>.</summary>
    public string ParetoChart => Combine("pareto.png");

    /// <summary>Every trial's validation accuracy per epoch: <c>curves.png</c>.</summary>
    public string CurvesChart => Combine("curves.png");

    /// <summary>The best trial's model files: <c>best/</c>.</summary>
    public string Best => Combine("best");

    /// <summary>The folder of every trial: <c>trials/</c>.</summary>
    public string Trials => Combine("trials");

    /// <summary>One trial's folder (checkpoint, history, error text, model files): <c>trials/&lt;id&gt;/</c>.</summary>
    public string Trial(int id)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(id, 1);
        return System.IO.Path.Combine(Trials, id.ToString(CultureInfo.InvariantCulture));
    }

    private string Combine(string name) => System.IO.Path.Combine(Root, name);
}

using System.Globalization;
using static System.FormattableString;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>A leaderboard column of the data files (CSV, JSON): its lower_snake name and its raw value (null when blank).</summary>
/// <param name="Name">The CSV heading and JSON property name.</param>
/// <param name="Value">The value: a number, a text, a map of texts, or null.</param>
internal sealed record LeaderboardField(string Name, Func<LeaderboardRow, object?> Value);

/// <summary>A leaderboard column of the tables people read (markdown, console): a heading and a formatted cell.</summary>
/// <param name="Heading">The column's heading.</param>
/// <param name="Cell">The cell's text, empty when blank.</param>
/// <param name="AlignRight">True for numbers.</param>
internal sealed record LeaderboardCell(string Heading, Func<LeaderboardRow, string> Cell, bool AlignRight);

/// <summary>The leaderboard's columns, one table per kind of file, in the same order.</summary>
internal static class LeaderboardColumns
{
    /// <summary>The columns of <c>leaderboard.csv</c> and <c>leaderboard.json</c>: raw values, intervals as two columns.</summary>
    public static IReadOnlyList<LeaderboardField> Fields { get; } =
    [
        new("rank", r => r.Rank),
        new("trial", r => r.Trial.Id),
        new("state", r => r.State),
        new("architecture", r => r.Trial.Config.Architecture),
        new("settings", r => r.Trial.Config.Settings),
        new("options", r => r.Trial.Config.Options),
        new("epochs", r => r.Trial.EpochsRun),
        new("accuracy", r => r.Metrics?.Accuracy),
        new("accuracy_low", r => r.Metrics?.AccuracyLow),
        new("accuracy_high", r => r.Metrics?.AccuracyHigh),
        new("macro_accuracy", r => r.Metrics?.MacroAccuracy),
        new("macro_accuracy_low", r => r.Metrics?.MacroAccuracyLow),
        new("macro_accuracy_high", r => r.Metrics?.MacroAccuracyHigh),
        new("log_loss", r => r.Metrics?.LogLoss),
        new("top5_accuracy", r => r.Metrics?.Top5Accuracy),
        new("parameters", r => r.Cost?.Parameters),
        new("multiply_adds", r => r.Cost?.MultiplyAdds),
        new("onnx_bytes", r => r.Cost?.OnnxBytes),
        new("train_seconds", r => r.Trial.TrainSeconds),
        new("images_per_second", r => r.Cost?.ImagesPerSecond),
        new("peak_memory_mb", r => r.Cost?.PeakMemoryMegabytes),
        new("latency_ms", r => r.Cost?.LatencyMilliseconds),
        new("device", r => r.Cost?.Device),
        new("test_accuracy", r => r.Trial.TestAccuracy),
        new("test_macro_accuracy", r => r.Trial.TestMacroAccuracy),
        new("error", r => r.Error),
    ];

    /// <summary>The columns of <c>leaderboard.md</c> and the console table: percentages, intervals in brackets, short sizes.</summary>
    public static IReadOnlyList<LeaderboardCell> Cells { get; } =
    [
        new("#", r => Whole(r.Rank), true),
        new("trial", r => Whole(r.Trial.Id), true),
        new("state", r => r.State, false),
        new("architecture", r => r.Trial.Config.Architecture, false),
        new("settings", r => Pairs(r.Trial.Config.Settings), false),
        new("options", r => Pairs(r.Trial.Config.Options), false),
        new("epochs", r => Whole(r.Trial.EpochsRun), true),
        new("accuracy % [95 %]", r => r.Metrics is { } m ? WithInterval(m.Accuracy, m.AccuracyLow, m.AccuracyHigh) : "", true),
        new("macro % [95 %]", r => r.Metrics is { } m ? WithInterval(m.MacroAccuracy, m.MacroAccuracyLow, m.MacroAccuracyHigh) : "", true),
        new("log loss", r => r.Metrics is { } m ? Invariant($"{m.LogLoss:F4}") : "", true),
        new("top-5 %", r => Percent(r.Metrics?.Top5Accuracy), true),
        new("params", r => Short(r.Cost?.Parameters), true),
        new("mult-adds", r => Short(r.Cost?.MultiplyAdds), true),
        new("onnx", r => Short(r.Cost?.OnnxBytes, "B"), true),
        new("train s", r => Invariant($"{r.Trial.TrainSeconds:F0}"), true),
        new("img/s", r => r.Cost is { } c ? Invariant($"{c.ImagesPerSecond:F0}") : "", true),
        new("peak MB", r => r.Cost is { } c ? Invariant($"{c.PeakMemoryMegabytes:F0}") : "", true),
        new("latency ms", r => r.Cost is { } c ? Invariant($"{c.LatencyMilliseconds:F2}") : "", true),
        new("test %", r => Percent(r.Trial.TestAccuracy), true),
        new("error", r => r.Error ?? "", false),
    ];

    /// <summary>A map as <c>key=value</c> pairs separated by spaces (ordinal key order).</summary>
    public static string Pairs(IReadOnlyDictionary<string, string> values) => string.Join(" ", values.Select(p => $"{p.Key}={p.Value}"));

    private static string Short(long? value, string unit = "") => value is { } v ? SiText.Of(v, unit) : "";

    private static string Whole(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? share) => share is { } s ? Invariant($"{s * 100:F2}") : "";

    private static string WithInterval(double value, double low, double high) => Invariant($"{value * 100:F2} [{low * 100:F1}, {high * 100:F1}]");
}

using System.Globalization;
using System.Text;

namespace MlNetCnn.Models.Summary;

/// <summary>Writes a <see cref="ModelSummary"/> as a fixed-width text table.</summary>
public static class SummaryTable
{
    private static readonly string[] Headers = { "Layer", "Type", "Output shape", "Parameters", "Mult-adds" };

    /// <summary>The table: a header, one line per layer, a rule, and the totals.</summary>
    public static string Format(ModelSummary summary)
    {
        var rows = summary.Layers
            .Select(l => new[] { l.Name, l.Type, Shape(l.OutputShape), Count(l.Parameters), Count(l.MultiplyAdds) })
            .ToList();
        int[] widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        bool[] rightAligned = { false, false, false, true, true };

        var text = new StringBuilder();
        text.AppendLine($"{summary.NetworkName}, input {Shape(summary.InputShape)}");
        AppendRow(text, Headers, widths, rightAligned);
        string rule = new('-', widths.Sum() + 2 * (widths.Length - 1));
        text.AppendLine(rule);
        foreach (var row in rows) AppendRow(text, row, widths, rightAligned);
        text.AppendLine(rule);
        text.AppendLine($"Total parameters: {Count(summary.TotalParameters)} (trainable {Count(summary.TrainableParameters)})");
        text.AppendLine($"Multiply-adds per image: {Count(summary.MultiplyAdds)} ({Scaled(summary.MultiplyAdds)})");
        return text.ToString();
    }

    /// <summary>A count with thousands separators, e.g. <c>11,181,642</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count in G/M/K, e.g. <c>1.814 G</c>.</summary>
    public static string Scaled(long value) => value switch
    {
        >= 1_000_000_000 => (value / 1e9).ToString("0.000", CultureInfo.InvariantCulture) + " G",
        >= 1_000_000 => (value / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " K",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths, bool[] rightAligned) =>
        text.AppendLine(string.Join("  ", cells.Select((c, i) => rightAligned[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
}

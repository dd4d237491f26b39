using System.Text;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

public sealed partial class Leaderboard
{
    /// <summary>The widest a console cell gets unless another width is chosen; longer texts end with an ellipsis.</summary>
    public const int DefaultCellWidth = 32;

    /// <summary>The leaderboard as a markdown table, every column, with a title naming the metric.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Leaderboard\n\n").Append(Title()).Append("\n\n");
        AppendTable(text, LeaderboardColumns.Cells, cell => cell.Replace("|", "\\|"), " | ", "| ", " |", markdownRule: true);
        return text.ToString();
    }

    /// <summary>
    /// The leaderboard as a console table: aligned columns, those blank in every row left out, each cell cut at
    /// <paramref name="cellWidth"/> characters.
    /// </summary>
    public string ToText(int cellWidth = DefaultCellWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellWidth, 4);
        var columns = LeaderboardColumns.Cells.Where(c => Rows.Any(r => c.Cell(r).Length > 0)).ToArray();
        var text = new StringBuilder();
        text.Append(Title()).Append('\n');
        if (Rows.Count > 0)
            AppendTable(text, columns, cell => cell.Length <= cellWidth ? cell : cell[..(cellWidth - 1)] + "…", "  ", "", "", markdownRule: false);
        return text.ToString();
    }

    /// <summary>The same as <see cref="ToText"/> with its default.</summary>
    public override string ToString() => ToText();

    private string Title() => $"{Rows.Count} trial{(Rows.Count == 1 ? "" : "s")}, ranked by {MetricName}.";

    /// <summary>The heading line, a rule, then one line per row; every column padded to its widest cell.</summary>
    private void AppendTable(
        StringBuilder text, IReadOnlyList<LeaderboardCell> columns, Func<string, string> clean, string separator, string start, string end, bool markdownRule)
    {
        string OneLine(string cell) => clean(cell.Replace('\r', ' ').Replace('\n', ' '));
        string[][] cells = Rows.Select(r => columns.Select(c => OneLine(c.Cell(r))).ToArray()).ToArray();
        // A markdown rule needs a hyphen besides the alignment colon: three characters at least.
        int[] widths = columns.Select((c, i) => cells.Select(row => row[i].Length).Append(c.Heading.Length).Append(markdownRule ? 3 : 1).Max()).ToArray();
        string Line(IEnumerable<string> values) => (start + string.Join(separator, values) + end).TrimEnd() + "\n";
        text.Append(Line(columns.Select((c, i) => Pad(c.Heading, widths[i], c.AlignRight))));
        text.Append(markdownRule
            ? Line(columns.Select((c, i) => c.AlignRight ? new string('-', widths[i] - 1) + ":" : new string('-', widths[i])))
            : Line(widths.Select(w => new string('-', w))));
        foreach (string[] row in cells)
            text.Append(Line(row.Select((cell, i) => Pad(cell, widths[i], columns[i].AlignRight))));
    }

    private static string Pad(string cell, int width, bool right) => right ? cell.PadLeft(width) : cell.PadRight(width);
}

using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace MlNetCnn.Pipelines.Reports;

public sealed partial class ClassificationReport
{
    /// <summary>The widest a confusion-matrix column heading gets; longer class names are cut there.</summary>
    private const int MaxHeadingWidth = 12;

    /// <summary>
    /// The report as a text table: one line per class ("Accuracy of cat : 74.0 % (37 of 50)"), the overall, macro and
    /// top-k accuracy and the log loss, then the confusion matrix with the class names (rows: true class).
    /// </summary>
    /// <param name="confusionClassLimit">With more classes than this the matrix is left out (it would not fit a screen);
    /// <see cref="Confusion"/> and the heat map of <see cref="TrainingCharts.SaveConfusion"/> still have it.</param>
    public string ToText(int confusionClassLimit = 20)
    {
        var lines = new List<(string Label, string Value)>();
        for (int c = 0; c < ClassNames.Count; c++)
            lines.Add(($"Accuracy of {ClassNames[c]}", PerClassAccuracy[c] is { } accuracy
                ? Invariant($"{Percent(accuracy)}  ({Confusion[c][c]:N0} of {ClassImageCounts[c]:N0})")
                : "       –  (no images)"));
        lines.Add(("", ""));
        long correct = Enumerable.Range(0, ClassNames.Count).Sum(c => Confusion[c][c]);
        lines.Add(("Accuracy (overall)", Invariant($"{Percent(Accuracy)}  ({correct:N0} of {ImageCount:N0})")));
        int withImages = PerClassAccuracy.Count(a => a is not null);
        lines.Add(("Macro accuracy", Invariant($"{Percent(MacroAccuracy)}  (mean over {withImages} of {ClassNames.Count} classes)")));
        if (TopK is { } k && TopKAccuracy is { } topK)
            lines.Add(($"Top-{k} accuracy", Percent(topK)));
        lines.Add(("Log loss", Invariant($"{LogLoss,8:F4}")));

        int width = lines.Max(l => l.Label.Length);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Evaluated {ImageCount:N0} images of {ClassNames.Count} classes."));
        foreach (var (label, value) in lines)
            text.AppendLine(label.Length == 0 ? "" : $"{label.PadRight(width)} : {value}");
        text.AppendLine();
        if (ClassNames.Count <= confusionClassLimit)
            AppendConfusion(text);
        else
            text.AppendLine(Invariant($"Confusion matrix: {ClassNames.Count}×{ClassNames.Count}, more than {confusionClassLimit} classes, not shown."));
        return text.ToString();
    }

    /// <summary>The same as <see cref="ToText"/> with its default.</summary>
    public override string ToString() => ToText();

    private void AppendConfusion(StringBuilder text)
    {
        int k = ClassNames.Count;
        int rowHeading = Math.Max("true \\ predicted".Length, ClassNames.Max(n => n.Length));
        string[] headings = ClassNames.Select(n => n.Length > MaxHeadingWidth ? n[..MaxHeadingWidth] : n).ToArray();
        int[] widths = Enumerable.Range(0, k)
            .Select(p => Math.Max(headings[p].Length, Enumerable.Range(0, k).Max(t => Count(Confusion[t][p]).Length)))
            .ToArray();
        text.AppendLine("Confusion matrix (rows: true class, columns: predicted class):");
        text.Append("true \\ predicted".PadRight(rowHeading));
        for (int p = 0; p < k; p++)
            text.Append("  ").Append(headings[p].PadLeft(widths[p]));
        text.AppendLine();
        for (int t = 0; t < k; t++)
        {
            text.Append(ClassNames[t].PadRight(rowHeading));
            for (int p = 0; p < k; p++)
                text.Append("  ").Append(Count(Confusion[t][p]).PadLeft(widths[p]));
            text.AppendLine();
        }
    }

    private static string Percent(double share) => Invariant($"{share * 100,6:F1} %");

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);
}

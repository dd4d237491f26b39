using System.Globalization;
using MlNetCnn.Models.IO;
using ScottPlot;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>Charts of a sweep's trials, written as PNG files (ScottPlot), each atomically (a temporary file, then a rename).</summary>
public static class SweepCharts
{
    /// <summary>The size of <see cref="SavePareto"/>'s image: two panels side by side.</summary>
    public static readonly (int Width, int Height) ParetoSize = (1400, 620);

    /// <summary>The size of <see cref="SaveCurves"/>'s image.</summary>
    public static readonly (int Width, int Height) CurvesSize = (1000, 620);

    /// <summary>Pruned trials' curves are drawn this opaque, so that the trials that went on stand out.</summary>
    private const double PrunedAlpha = 0.25;

    /// <summary>
    /// Validation accuracy (%) of the completed trials against their parameters (left) and their latency (right), both on
    /// log scales; each point labelled with its trial id and each panel's Pareto front (<see cref="ParetoFront"/>: highest
    /// accuracy for the cost) drawn as a step line.
    /// </summary>
    /// <param name="path">The PNG file to write, e.g. <c>pareto.png</c>.</param>
    /// <param name="trials">The sweep's trials; those without cost figures (not completed) are left out.</param>
    public static void SavePareto(string path, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var measured = trials.Where(t => t.Cost is not null && t.Latest is not null).ToArray();
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        multiplot.AddPlots(2);
        AddCostPanel(multiplot.GetPlot(0), measured, t => t.Cost!.Parameters, "parameters");
        AddCostPanel(multiplot.GetPlot(1), measured, t => t.Cost!.LatencyMilliseconds, "latency (ms, one image, CPU)");
        multiplot.GetPlot(0).Title(measured.Length == 0 ? "No completed trial yet" : "Accuracy against size");
        multiplot.GetPlot(1).Title(measured.Length == 0 ? "" : "Accuracy against latency");
        AtomicFile.Write(path, temporary => multiplot.SavePng(temporary, ParetoSize.Width, ParetoSize.Height));
    }

    /// <summary>
    /// Every trial's validation accuracy (%) after each epoch (from its last figures' curve), labelled with its trial id; the
    /// rungs' epochs as dashed vertical lines; pruned trials dimmed.
    /// </summary>
    /// <param name="path">The PNG file to write, e.g. <c>curves.png</c>.</param>
    /// <param name="trials">The sweep's trials; those without figures yet are left out.</param>
    public static void SaveCurves(string path, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var plot = new Plot();
        foreach (int rung in RungEpochs(trials))
            plot.Add.VerticalLine(rung, 1, Colors.Gray, LinePattern.Dashed);
        foreach (var trial in trials.Where(t => t.Latest is not null))
        {
            var points = trial.Latest!.ValidationCurve
                .Select((accuracy, i) => (Epoch: i + 1.0, Accuracy: accuracy))
                .Where(p => p.Accuracy is { } a && double.IsFinite(a))
                .Select(p => new Coordinates(p.Epoch, p.Accuracy!.Value * 100))
                .ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.Scatter(points);
            line.MarkerSize = 4;
            if (trial.State == TrialState.Pruned) line.Color = line.Color.WithAlpha(PrunedAlpha);
            var label = plot.Add.Text(Id(trial), points[^1]);
            label.LabelFontColor = line.Color;
            label.LabelAlignment = Alignment.MiddleLeft;
        }
        plot.Title("Validation accuracy per epoch (dashed: rungs; faint: pruned)");
        plot.XLabel("epoch");
        plot.YLabel("validation accuracy (%)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, CurvesSize.Width, CurvesSize.Height));
    }

    /// <summary>The epochs where trials paused at a rung (every figure but a completed trial's last).</summary>
    private static IEnumerable<int> RungEpochs(IReadOnlyList<TrialRecord> trials) => trials
        .SelectMany(t => t.State == TrialState.Completed ? t.Rungs.SkipLast(1) : t.Rungs)
        .Select(m => m.Epoch)
        .Distinct()
        .Order();

    /// <summary>One panel: a point per trial at (log10 cost, accuracy %), its id beside it, and the front.</summary>
    private static void AddCostPanel(Plot plot, IReadOnlyList<TrialRecord> trials, Func<TrialRecord, double> cost, string costName)
    {
        var usable = trials.Where(t => cost(t) > 0).ToArray();
        foreach (var trial in usable)
        {
            var point = new Coordinates(Math.Log10(cost(trial)), trial.Latest!.Accuracy * 100);
            var marker = plot.Add.Marker(point);
            marker.Color = Colors.SteelBlue;
            var label = plot.Add.Text(Id(trial), point);
            label.LabelAlignment = Alignment.LowerLeft;
            label.LabelFontSize = 11;
        }
        var front = ParetoFront.Of(usable, t => cost(t), t => t.Latest!.Accuracy);
        if (front.Count > 0)
        {
            var line = plot.Add.Scatter(
                front.Select(t => Math.Log10(cost(t))).ToArray(), front.Select(t => t.Latest!.Accuracy * 100).ToArray(), Colors.OrangeRed);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LegendText = "Pareto front";
            plot.ShowLegend(Alignment.LowerRight);
        }
        plot.XLabel($"{costName}, log scale");
        plot.YLabel("validation accuracy (%)");
        plot.Axes.Bottom.TickGenerator = LogTicks(usable.Select(cost).ToArray());
    }

    /// <summary>Ticks of an axis that holds log10 values, labelled with the values themselves; whole decades when there are several.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks(double[] values) => new()
    {
        IntegerTicksOnly = values.Length > 0 && Math.Log10(values.Max() / values.Min()) >= 2,
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = exponent => SiText.Of(Math.Pow(10, exponent)),
    };

    private static string Id(TrialRecord trial) => "#" + trial.Id.ToString(CultureInfo.InvariantCulture);
}

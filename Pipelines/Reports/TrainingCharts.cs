using MlNetCnn.Models.IO;
using MlNetCnn.Trainers.Training;
using ScottPlot;

namespace MlNetCnn.Pipelines.Reports;

/// <summary>Charts of a training run and of an evaluation, written as PNG files (ScottPlot).</summary>
public static class TrainingCharts
{
    /// <summary>
    /// Two panels over the epochs: loss above, accuracy (%) below, each with the training curve and, when the run had
    /// validation images, the validation curve.
    /// </summary>
    /// <param name="path">The PNG file to write (atomically: a temporary file, then a rename).</param>
    /// <param name="history">The run's epochs, e.g. <c>ImageClassificationTransformer.History</c>.</param>
    public static void SaveCurves(string path, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = history.Select(e => (double)e.Epoch).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot loss = multiplot.GetPlot(0), accuracy = multiplot.GetPlot(1);
        AddCurves(loss, epochs, history, e => e.TrainLoss, e => e.ValidationLoss, Alignment.UpperRight);
        AddCurves(accuracy, epochs, history, e => e.TrainAccuracy * 100, e => e.ValidationAccuracy * 100, Alignment.LowerRight);
        loss.Title("Training");
        loss.YLabel("loss");
        accuracy.YLabel("accuracy (%)");
        accuracy.XLabel("epoch");
        multiplot.SharedAxes.ShareX([loss, accuracy]);
        AtomicFile.Write(path, temporary => multiplot.SavePng(temporary, 900, 720));
    }

    /// <summary>The width in pixels of the loss and accuracy axes (tick labels and axis name).</summary>
    private const float CurvesAxisWidth = 80;

    /// <summary>The training line and, where the history has it, the validation line of one metric.</summary>
    private static void AddCurves(
        Plot plot, double[] epochs, IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, double> train, Func<EpochMetrics, double?> validation,
        Alignment legend)
    {
        plot.Add.Scatter(epochs, history.Select(train).ToArray()).LegendText = "training";
        var measured = history.Where(e => validation(e) is not null).ToArray();
        if (measured.Length > 0)
        {
            var line = plot.Add.Scatter(measured.Select(e => (double)e.Epoch).ToArray(), measured.Select(e => validation(e)!.Value).ToArray());
            line.LegendText = "validation";
        }
        plot.ShowLegend(legend); // where falling loss and rising accuracy curves leave room
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.LockSize(CurvesAxisWidth); // both panels then start at the same x, so their epochs line up
    }

    /// <summary>The confusion matrix as a heat map: rows are the true classes, columns the predicted ones.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="counts">Counts, <c>counts[true][predicted]</c>.</param>
    /// <param name="classNames">Class names in the matrix's order.</param>
    public static void SaveConfusion(string path, IReadOnlyList<IReadOnlyList<long>> counts, IReadOnlyList<string> classNames)
    {
        int k = classNames.Count;
        if (counts.Count != k || counts.Any(row => row.Count != k))
            throw new ArgumentException($"A {k}×{k} matrix is expected for {k} class names.", nameof(counts));
        var cells = new double[k, k];
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
                cells[t, p] = counts[t][p];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        // The heat map draws row 0 at the top; cell (t, p) is centred at x = p, y = k − 1 − t.
        double[] positions = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, classNames.ToArray());
        plot.Axes.Left.SetTicks(positions, classNames.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Title("Confusion matrix (rows: true class)");
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        for (int t = 0; t < k; t++)
            for (int p = 0; p < k; p++)
            {
                var label = plot.Add.Text(counts[t][p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, k - 1 - t);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = Colors.White;
            }
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, 900, 820));
    }
}

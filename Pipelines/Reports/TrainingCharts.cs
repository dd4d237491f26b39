using ScottPlot;

namespace MlNetCnn.Pipelines.Reports;

/// <summary>Charts of a training run and of an evaluation, written as PNG files (ScottPlot).</summary>
public static class TrainingCharts
{
    /// <summary>Loss (left axis) and accuracy (right axis) per epoch.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="epochs">Epoch numbers.</param>
    /// <param name="loss">Training loss per epoch.</param>
    /// <param name="accuracy">Training accuracy (0–1) per epoch.</param>
    public static void SaveCurves(string path, IReadOnlyList<int> epochs, IReadOnlyList<double> loss, IReadOnlyList<double> accuracy)
    {
        if (epochs.Count != loss.Count || epochs.Count != accuracy.Count)
            throw new ArgumentException($"One value per epoch expected: {epochs.Count} epochs, {loss.Count} losses, {accuracy.Count} accuracies.");
        var plot = new Plot();
        double[] x = epochs.Select(e => (double)e).ToArray();
        plot.Add.Scatter(x, loss.ToArray()).LegendText = "training loss";
        var accuracyLine = plot.Add.Scatter(x, accuracy.Select(a => a * 100).ToArray());
        accuracyLine.LegendText = "training accuracy (%)";
        accuracyLine.Axes.YAxis = plot.Axes.Right;
        plot.Title("Training");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.Axes.Right.Label.Text = "accuracy (%)";
        plot.ShowLegend(Alignment.UpperCenter);
        Save(plot, path, 900, 520);
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
        Save(plot, path, 900, 820);
    }

    /// <summary>Writes atomically: a temporary file, then a rename, so an existing chart is never left half-written.</summary>
    private static void Save(Plot plot, string path, int width, int height)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Guid.NewGuid().ToString("N") + ".png";
        try
        {
            plot.SavePng(temp, width, height);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

using System.Globalization;
using System.Text;

namespace MlNetCnn.Cli.Output;

/// <summary>history.csv: one row per epoch, invariant culture.</summary>
internal static class HistoryCsv
{
    public const string Header = "epoch,train_loss,train_accuracy,seconds,images_per_second";

    public static void Write(string path, IEnumerable<EpochRecord> history)
    {
        var text = new StringBuilder(Header).AppendLine();
        foreach (EpochRecord e in history)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Epoch},{e.TrainLoss:R},{e.TrainAccuracy:R},{e.Seconds:F3},{e.ImagesPerSecond:F1}"));
        File.WriteAllText(path, text.ToString());
    }
}

using MlNetCnn.Models.IO;
using System.Globalization;
using System.Text.Json;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Pipelines.Reports;

public sealed partial class ClassificationReport
{
    /// <summary>
    /// The report as the JSON object of <c>metrics.json</c> (lower_snake names): <c>accuracy</c>, <c>macro_accuracy</c>,
    /// <c>log_loss</c>, <c>top_k</c> and <c>top_k_accuracy</c> (when computed), <c>per_class_accuracy</c> (class name →
    /// accuracy, null for a class without images), <c>per_class_images</c>, <c>class_names</c>, <c>confusion</c> (rows =
    /// true class), <c>evaluated_images</c> and <c>evaluated_on</c>; with <paramref name="training"/> also
    /// <c>train_seconds</c>, <c>epochs_run</c>, <c>best_epoch</c>, <c>stopped_early</c>, <c>device</c>,
    /// <c>scoring_device</c> and <c>train_images_per_second</c>.
    /// </summary>
    /// <param name="training">What the trainer reported (<c>ImageClassificationTransformer.Info</c>) when the model was
    /// trained in this run; null for a loaded model.</param>
    /// <param name="evaluatedOn">Which images were evaluated, e.g. <c>test</c> or <c>validation</c>; null leaves it out.</param>
    public string ToJson(TrainedModelInfo? training = null, string? evaluatedOn = null) => ReportJson.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("accuracy", Accuracy);
        json.WriteNumber("macro_accuracy", MacroAccuracy);
        ReportJson.WriteNumber(json, "log_loss", LogLoss);
        if (TopK is { } k && TopKAccuracy is { } topK)
        {
            json.WriteNumber("top_k", k);
            json.WriteNumber("top_k_accuracy", topK);
        }
        json.WriteStartObject("per_class_accuracy");
        for (int c = 0; c < ClassNames.Count; c++)
            if (PerClassAccuracy[c] is { } accuracy) json.WriteNumber(ClassNames[c], accuracy);
            else json.WriteNull(ClassNames[c]);
        json.WriteEndObject();
        json.WriteStartObject("per_class_images");
        for (int c = 0; c < ClassNames.Count; c++)
            json.WriteNumber(ClassNames[c], ClassImageCounts[c]);
        json.WriteEndObject();
        json.WriteStartArray("class_names");
        foreach (string name in ClassNames) json.WriteStringValue(name);
        json.WriteEndArray();
        // One line per row, so that the file reads as a matrix (the object is at the top level: rows indented by 4).
        json.WritePropertyName("confusion");
        json.WriteRawValue("[\n" + string.Join(",\n", Confusion.Select(row =>
            "    [" + string.Join(", ", row.Select(count => count.ToString(CultureInfo.InvariantCulture))) + "]")) + "\n  ]");
        json.WriteNumber("evaluated_images", ImageCount);
        if (evaluatedOn is not null) json.WriteString("evaluated_on", evaluatedOn);
        if (training is not null) WriteTraining(json, training);
        json.WriteEndObject();
    });

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    /// <param name="path">The file to write, e.g. <c>metrics.json</c>.</param>
    /// <param name="training">What the trainer reported, when the model was trained in this run.</param>
    /// <param name="evaluatedOn">Which images were evaluated, e.g. <c>test</c>.</param>
    public void SaveJson(string path, TrainedModelInfo? training = null, string? evaluatedOn = null) =>
        AtomicFile.WriteText(path, ToJson(training, evaluatedOn));

    private static void WriteTraining(Utf8JsonWriter json, TrainedModelInfo training)
    {
        json.WriteNumber("train_seconds", training.TrainSeconds);
        json.WriteNumber("epochs_run", training.EpochsRun);
        json.WriteNumber("best_epoch", training.BestEpoch);
        json.WriteBoolean("stopped_early", training.StoppedEarly);
        json.WriteString("device", training.TrainingDevice);
        json.WriteString("scoring_device", training.ScoringDevice);
        // Images per second over all epochs: the images trained on over the time it took.
        double seconds = training.History.Sum(e => e.Seconds);
        if (seconds > 0)
            json.WriteNumber("train_images_per_second", training.History.Sum(e => e.ImagesPerSecond * e.Seconds) / seconds);
        else
            json.WriteNull("train_images_per_second");
    }
}

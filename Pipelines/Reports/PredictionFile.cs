using System.Globalization;
using System.Text.Json;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers.Scoring;
using static System.FormattableString;

namespace MlNetCnn.Pipelines.Reports;

/// <summary>
/// Writes predictions, one line per image as they come, as CSV (<c>.csv</c>) or JSON Lines (<c>.jsonl</c>), chosen by the file's
/// extension. CSV columns: <c>row,path,label,probability,top_k,error</c>, with <c>top_k</c> as <c>label:probability</c> pairs
/// separated by <c>;</c>. JSON Lines objects: <c>row</c>, <c>path</c>, then <c>label</c>, <c>probability</c> and <c>top_k</c>
/// (an array of <c>{label, probability}</c>) — or <c>error</c> for an image that could not be scored. Numbers use the invariant
/// culture; probabilities have 6 decimals.
/// </summary>
public sealed class PredictionFile : IDisposable
{
    /// <summary>The extensions <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".csv", ".jsonl"];

    private readonly StreamWriter _writer;
    private readonly bool _json;
    private readonly int _topK;

    private PredictionFile(StreamWriter writer, bool json, int topK)
    {
        _writer = writer;
        _json = json;
        _topK = topK;
        if (!json)
            _writer.WriteLine("row,path,label,probability,top_k,error");
    }

    /// <summary>Creates (or replaces) <paramref name="path"/>.</summary>
    /// <param name="path">A <c>.csv</c> or <c>.jsonl</c> file.</param>
    /// <param name="topK">How many of the most probable classes each line lists; at least 1.</param>
    /// <exception cref="ArgumentException">The extension is neither <c>.csv</c> nor <c>.jsonl</c>; the message names the file.</exception>
    public static PredictionFile Create(string path, int topK = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new ArgumentException(
                $"Prediction file '{path}' has the extension '{extension}'; expected {string.Join(" or ", Extensions)}.", nameof(path));
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        return new PredictionFile(new StreamWriter(path), extension == ".jsonl", topK);
    }

    /// <summary>Writes one prediction.</summary>
    public void Write(ImagePrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        _writer.WriteLine(_json ? JsonLine(prediction) : CsvLine(prediction));
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _writer.Dispose();

    private string CsvLine(ImagePrediction p)
    {
        string path = CsvFields.Quote(p.ImagePath ?? "");
        if (!p.Succeeded)
            return Invariant($"{p.Row},{path},,,,{CsvFields.Quote(p.Error!)}");
        string top = string.Join(";", p.Top(_topK).Select(c => Invariant($"{c.Label}:{Probability(c.Probability)}")));
        return Invariant($"{p.Row},{path},{CsvFields.Quote(p.PredictedLabel!)},{Probability(p.Probability)},{CsvFields.Quote(top)},");
    }

    private string JsonLine(ImagePrediction p)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("row", p.Row);
            if (p.ImagePath is not null)
                json.WriteString("path", p.ImagePath);
            if (p.Succeeded)
            {
                json.WriteString("label", p.PredictedLabel);
                json.WriteNumber("probability", Math.Round(p.Probability, 6));
                json.WriteStartArray("top_k");
                foreach (var (label, probability) in p.Top(_topK))
                {
                    json.WriteStartObject();
                    json.WriteString("label", label);
                    json.WriteNumber("probability", Math.Round(probability, 6));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            else
                json.WriteString("error", p.Error);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Probability(float value) => value.ToString("F6", CultureInfo.InvariantCulture);
}

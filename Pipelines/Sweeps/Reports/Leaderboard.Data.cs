using MlNetCnn.Pipelines.DataSets;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNetCnn.Pipelines.Reports;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

public sealed partial class Leaderboard
{
    /// <summary>
    /// The leaderboard as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted, quotes doubled;
    /// numbers invariant): a heading line of lower_snake names, then one line per trial; blank where a figure is unknown.
    /// </summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", LeaderboardColumns.Fields.Select(f => CsvFields.Quote(f.Name)))).Append("\r\n");
        foreach (var row in Rows)
            text.Append(string.Join(",", LeaderboardColumns.Fields.Select(f => CsvFields.Quote(CsvText(f.Value(row)))))).Append("\r\n");
        return text.ToString();
    }

    /// <summary>
    /// The leaderboard as a JSON array with one object per trial, the CSV's names as properties; <c>settings</c> and
    /// <c>options</c> are objects, an unknown figure (or one that is not finite) is null.
    /// </summary>
    public string ToJson() => ReportJson.Write(json =>
    {
        json.WriteStartArray();
        foreach (var row in Rows)
        {
            json.WriteStartObject();
            foreach (var field in LeaderboardColumns.Fields)
                WriteJson(json, field.Name, field.Value(row));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    });

    private static string CsvText(object? value) => value switch
    {
        null => "",
        IReadOnlyDictionary<string, string> map => LeaderboardColumns.Pairs(map),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteJson(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case string text: json.WriteString(name, text); break;
            case int whole: json.WriteNumber(name, whole); break;
            case long whole: json.WriteNumber(name, whole); break;
            case double number: ReportJson.WriteNumber(json, name, number); break;
            case IReadOnlyDictionary<string, string> map:
                json.WriteStartObject(name);
                foreach (var (key, text) in map) json.WriteString(key, text);
                json.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"Leaderboard field '{name}': expected a number, text or map, found {value.GetType().Name}.");
        }
    }
}

using System.Text;
using System.Text.Json;

namespace MlNetCnn.Pipelines.Reports;

/// <summary>The JSON conventions of the report files: indented UTF-8, lower_snake names, null for a number that is not finite.</summary>
internal static class ReportJson
{
    /// <summary>The text that <paramref name="write"/> produces, indented, ending with a line break.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
            write(json);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <paramref name="value"/>, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    public static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}

using System.Text;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>Splits one line of a CSV/TSV file into fields, honouring double quotes (<c>"a,b"</c>, <c>""</c> for a quote), and quotes fields to write.</summary>
internal static class CsvFields
{
    /// <summary><paramref name="text"/> as one comma-separated field: in double quotes (inner quotes doubled) when it holds a comma, quote or line break.</summary>
    public static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    /// <summary>The fields of <paramref name="line"/>, or null with <paramref name="problem"/> set when a quote is not closed.</summary>
    public static List<string>? Split(string line, char separator, out string? problem)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else
                    quoted = false;
            }
            else if (c == '"' && field.Length == 0)
                quoted = true;
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        problem = quoted ? "a quoted field is not closed (a path with a quote is written with two: \"\")" : null;
        fields.Add(field.ToString());
        return quoted ? null : fields;
    }
}

using System.Text;

namespace MlNetCnn.Tests.Support;

/// <summary>
/// A small reader of protobuf text format (Triton's <c>config.pbtxt</c>), independent of the code that writes it:
/// <c>key: scalar</c>, <c>key { ... }</c>, <c>key: [ a, b ]</c> and <c>key [ { ... }, { ... } ]</c>, <c>#</c> comments.
/// A list of messages reads as the repeated field it stands for.
/// </summary>
internal sealed class PbtxtMessage
{
    private readonly List<(string Key, object Value)> _fields = [];

    /// <summary>Parses a whole file.</summary>
    public static PbtxtMessage Parse(string text)
    {
        var tokens = new Queue<string>(Tokenize(text));
        var message = ReadFields(tokens);
        if (tokens.Count > 0)
            throw new FormatException($"pbtxt: unexpected '{tokens.Peek()}'.");
        return message;
    }

    /// <summary>Field names in order, repeated ones repeated.</summary>
    public IEnumerable<string> Keys => _fields.Select(f => f.Key);

    /// <summary>The one scalar of <paramref name="key"/> (strings unquoted).</summary>
    public string Scalar(string key) => (string)_fields.Single(f => f.Key == key).Value;

    /// <summary>The scalars of <paramref name="key"/>: a list or repeated fields.</summary>
    public IReadOnlyList<string> Scalars(string key) =>
        _fields.Where(f => f.Key == key).SelectMany(f => f.Value is List<object> list ? list.Cast<string>() : [(string)f.Value]).ToList();

    /// <summary>The messages of <paramref name="key"/>: a list or repeated fields.</summary>
    public IReadOnlyList<PbtxtMessage> Messages(string key) =>
        _fields.Where(f => f.Key == key).SelectMany(f => f.Value is List<object> list ? list.Cast<PbtxtMessage>() : [(PbtxtMessage)f.Value]).ToList();

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Has(string key) => _fields.Any(f => f.Key == key);

    private static PbtxtMessage ReadFields(Queue<string> tokens)
    {
        var message = new PbtxtMessage();
        while (tokens.Count > 0 && tokens.Peek() != "}")
        {
            string key = tokens.Dequeue();
            if (!char.IsLetter(key[0]))
                throw new FormatException($"pbtxt: expected a field name, got '{key}'.");
            if (tokens.Peek() == ":") tokens.Dequeue();
            message._fields.Add((key, ReadValue(tokens)));
        }
        return message;
    }

    private static object ReadValue(Queue<string> tokens)
    {
        string token = tokens.Dequeue();
        if (token == "{")
        {
            var inner = ReadFields(tokens);
            Expect(tokens, "}");
            return inner;
        }
        if (token == "[")
        {
            var list = new List<object>();
            while (tokens.Peek() != "]")
            {
                list.Add(ReadValue(tokens));
                if (tokens.Peek() == ",") tokens.Dequeue();
            }
            Expect(tokens, "]");
            return list;
        }
        return token.StartsWith('"') ? Unquote(token) : token;
    }

    private static void Expect(Queue<string> tokens, string expected)
    {
        string got = tokens.Count > 0 ? tokens.Dequeue() : "end of file";
        if (got != expected)
            throw new FormatException($"pbtxt: expected '{expected}', got '{got}'.");
    }

    private static string Unquote(string quoted)
    {
        var text = new StringBuilder();
        for (int i = 1; i < quoted.Length - 1; i++)
            text.Append(quoted[i] == '\\' ? quoted[++i] : quoted[i]);
        return text.ToString();
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#') { while (i < text.Length && text[i] != '\n') i++; continue; }
            if ("{}[]:,".Contains(c)) { yield return c.ToString(); i++; continue; }
            int start = i;
            if (c == '"')
            {
                for (i++; text[i] != '"'; i++)
                    if (text[i] == '\\') i++;
                yield return text[start..++i];
                continue;
            }
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !"{}[]:,#\"".Contains(text[i])) i++;
            yield return text[start..i];
        }
    }
}

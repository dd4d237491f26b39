using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>
/// The text of one journal line: the entry's JSON, a tab, then a checksum of the JSON — the first
/// <see cref="ChecksumBytes"/> bytes of its UTF-8 SHA-256, in lower-case hex. The JSON is written on one line and
/// escapes tabs in strings, so the last tab of a line separates the two.
/// </summary>
internal static class JournalLine
{
    /// <summary>How many bytes of the SHA-256 the checksum keeps (64 bits: a torn or altered line is never taken as whole).</summary>
    public const int ChecksumBytes = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The line of <paramref name="entry"/>, without its line break.</summary>
    public static string Format(JournalEntry entry)
    {
        string json = Serialize(entry);
        return $"{json}\t{Checksum(json)}";
    }

    /// <summary>The JSON of <paramref name="entry"/> on one line, as <see cref="Deserialize"/> reads it.</summary>
    public static string Serialize(JournalEntry entry) => JsonSerializer.Serialize(entry, SweepJson.Compact);

    /// <summary>The line's UTF-8 bytes, followed by a line break.</summary>
    public static byte[] Encode(string line) => StrictUtf8.GetBytes(line + "\n");

    /// <summary>
    /// Checks the framing of one line (UTF-8, a tab, a checksum that matches): the JSON text when it holds, else null and
    /// what was wrong — the marks of a write cut short or of a damaged file.
    /// </summary>
    public static string? Unframe(ReadOnlySpan<byte> bytes, out string problem)
    {
        problem = "";
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = "expected UTF-8 text, found bytes that are not";
            return null;
        }
        int tab = text.LastIndexOf('\t');
        if (tab < 0)
        {
            problem = text.Length == 0 ? "expected '<json>\\t<checksum>', found an empty line" : "expected '<json>\\t<checksum>', found no tab";
            return null;
        }
        string json = text[..tab], found = text[(tab + 1)..];
        string expected = Checksum(json);
        if (found != expected)
        {
            problem = $"checksum mismatch: the line says '{Shorten(found)}', its JSON hashes to '{expected}'";
            return null;
        }
        return json;
    }

    /// <summary>The entry of a line's JSON (whose checksum held).</summary>
    /// <exception cref="JsonException">The JSON is not a journal entry; the message says why.</exception>
    public static JournalEntry Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalEntry>(json, SweepJson.Compact)
                ?? throw new JsonException("expected a journal entry object, found null");
        }
        catch (NotSupportedException error)
        {
            throw new JsonException(error.Message, error);
        }
    }

    private static string Checksum(string json) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, ChecksumBytes));

    private static string Shorten(string text) => text.Length <= 2 * ChecksumBytes ? text : text[..(2 * ChecksumBytes)] + "…";
}

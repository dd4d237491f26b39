using System.Text.Json;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>
/// A sweep's append-only journal (<c>journal.jsonl</c>): one <see cref="JournalEntry"/> per line, as JSON followed by a tab
/// and a checksum, each line flushed to the disk before <see cref="Append"/> returns. A crash can only cut the last line
/// short: reading ignores a damaged last line (and the next append cuts it away, so the file stays whole), while a damaged
/// line before it is refused.
/// </summary>
public sealed class SweepJournal
{
    private readonly object gate = new();
    private readonly List<JournalEntry> entries;
    private long validLength, fileLength;
    private bool needsLineBreak;

    private SweepJournal(string path, List<JournalEntry> entries, long validLength, long fileLength, bool needsLineBreak, string? ignoredLastLine)
    {
        Path = path;
        this.entries = entries;
        this.validLength = validLength;
        this.fileLength = fileLength;
        this.needsLineBreak = needsLineBreak;
        IgnoredLastLine = ignoredLastLine;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Every entry read or appended, in order (a copy: later appends do not change it).</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (gate) return entries.ToArray();
        }
    }

    /// <summary>
    /// When the last line was damaged (a write cut short by a crash) and ignored: its line number and what was wrong; null
    /// when every line was read, and after the next append has cut it away.
    /// </summary>
    public string? IgnoredLastLine { get; private set; }

    /// <summary>
    /// Reads the journal at <paramref name="path"/>; a file that does not exist is an empty journal (the first append creates
    /// it and its folder). Reading does not change the file.
    /// </summary>
    /// <exception cref="InvalidDataException">A line other than the last is damaged, or a line whose checksum holds is not a
    /// journal entry; the message names the file, the line and what was wrong.</exception>
    public static SweepJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        var entries = new List<JournalEntry>();
        long validLength = 0;
        bool needsLineBreak = false;
        string? ignored = null;
        int start = 0;
        for (int number = 1; start < bytes.Length; number++)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            bool hasLineBreak = end >= 0;
            if (!hasLineBreak) end = bytes.Length;
            int next = hasLineBreak ? end + 1 : end;
            bool isLast = next >= bytes.Length;
            string? json = JournalLine.Unframe(bytes.AsSpan(start, end - start), out string problem);
            if (json is null)
            {
                if (!isLast)
                    throw new InvalidDataException(
                        $"Journal '{path}' line {number}: {problem}. Only the last line can be cut short by a crash; a damaged line " +
                        "before it means the file was altered, so the sweep cannot be rebuilt from it.");
                ignored = $"line {number}: {problem}";
                break;
            }
            try
            {
                entries.Add(JournalLine.Deserialize(json));
            }
            catch (JsonException error)
            {
                throw new InvalidDataException(
                    $"Journal '{path}' line {number}: its checksum holds but it is not a journal entry this version reads: {error.Message}", error);
            }
            validLength = next;
            needsLineBreak = !hasLineBreak;
            start = next;
        }
        return new SweepJournal(path, entries, validLength, bytes.Length, needsLineBreak, ignored);
    }

    /// <summary>
    /// Writes <paramref name="entry"/> as a new line and flushes it to the disk; a damaged last line read by
    /// <see cref="Open"/> is cut away first. Safe to call from several threads.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file's length is not the one this journal read or wrote: another
    /// process wrote to it (one sweep per folder).</exception>
    public void Append(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string line = JournalLine.Format(entry);
        lock (gate)
        {
            string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (folder is not null) Directory.CreateDirectory(folder);
            using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            if (stream.Length != fileLength)
                throw new InvalidOperationException(
                    $"Journal '{Path}' is {stream.Length} bytes long; expected {fileLength}, as this journal last read or wrote it. " +
                    "Another process wrote to it: only one sweep may run in a folder at a time.");
            if (validLength < fileLength) stream.SetLength(validLength);
            stream.Position = validLength;
            stream.Write(JournalLine.Encode(needsLineBreak ? "\n" + line : line));
            stream.Flush(flushToDisk: true);
            validLength = fileLength = stream.Length;
            needsLineBreak = false;
            IgnoredLastLine = null;
            entries.Add(entry);
        }
    }
}

using System.Formats.Tar;
using System.IO.Compression;

namespace MlNetCnn.Pipelines.DataSets.Downloads;

/// <summary>
/// Extracts a <c>.tar.gz</c> archive, refusing every entry that could write outside the target folder:
/// absolute paths, paths that climb out with <c>..</c>, and links of any kind.
/// </summary>
public static class SafeTarExtractor
{
    /// <summary>Extracts <paramref name="archivePath"/> into <paramref name="targetDirectory"/> (created if needed).</summary>
    /// <exception cref="InvalidDataException">An entry escapes the target, is a link or a device, or the archive is corrupt;
    /// the message names the archive and the entry. Entries before it may already be written: extract into a fresh folder.</exception>
    public static void Extract(string archivePath, string targetDirectory)
    {
        string root = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(root);
        using FileStream file = File.OpenRead(archivePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        try
        {
            while (reader.GetNextEntry() is { } entry)
                ExtractEntry(archivePath, root, entry);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"'{archivePath}' is not a valid .tar.gz archive ({e.Message}).", e);
        }
    }

    private static void ExtractEntry(string archivePath, string root, TarEntry entry)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return;
            case TarEntryType.Directory:
                Directory.CreateDirectory(Destination(archivePath, root, entry));
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                string destination = Destination(archivePath, root, entry);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                entry.ExtractToFile(destination, overwrite: true);
                return;
            default:
                throw new InvalidDataException(
                    $"'{archivePath}': entry '{entry.Name}' is a {entry.EntryType}; expected only files and folders " +
                    "(links and devices are refused, they could write outside the target).");
        }
    }

    private static string Destination(string archivePath, string root, TarEntry entry)
    {
        string name = entry.Name;
        string full = Path.GetFullPath(Path.Combine(root, name));
        string rootWithSeparator = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        bool inside = full.StartsWith(rootWithSeparator, StringComparison.Ordinal) ||
                      (entry.EntryType == TarEntryType.Directory && full + Path.DirectorySeparatorChar == rootWithSeparator);
        if (Path.IsPathRooted(name) || name.StartsWith('/') || name.StartsWith('\\') || !inside)
            throw new InvalidDataException(
                $"'{archivePath}': entry '{name}' would be written to '{full}', outside the target folder '{root}'; " +
                "expected relative paths inside it. The archive is refused.");
        return full;
    }
}

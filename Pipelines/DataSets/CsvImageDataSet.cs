using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// A CSV or TSV list of <c>path,label</c> rows as an <see cref="ImageDataSet"/>. Paths are relative to the list's folder
/// (or absolute); a field may be quoted (<c>"a, b.png",cat</c>); blank lines are skipped. Rows keep the list's order;
/// class names are the distinct labels in ordinal order. Every row is checked when the list is loaded; image bytes
/// are read when the data view is read, as for <see cref="ImageFolderDataSet"/>.
/// </summary>
public static class CsvImageDataSet
{
    /// <summary>Reads the list at <paramref name="listPath"/> and returns its rows as a data set.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="listPath">The CSV or TSV file.</param>
    /// <param name="options">Separator and header; null to detect both.</param>
    /// <param name="limit">Only the first <paramref name="limit"/> rows; null for all.</param>
    /// <exception cref="FileNotFoundException">The list is missing, or a row names a missing image (the message gives
    /// the list, the 1-based row number counting the header, and the path).</exception>
    /// <exception cref="InvalidDataException">A row has not exactly two fields, an empty path or label, or an unclosed
    /// quote; or the list has no row.</exception>
    public static ImageDataSet Load(MLContext mlContext, string listPath, CsvImageListOptions? options = null, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        DataFiles.CheckLimit(limit);
        if (!File.Exists(listPath))
            throw new FileNotFoundException($"Image list not found: '{listPath}'.", listPath);
        options ??= new CsvImageListOptions();
        char separator = options.Separator ?? DefaultSeparator(listPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(listPath))!;
        List<(int Row, string Path, string Label)> entries = ParseRows(listPath, separator);
        if (entries.Count > 0 && (options.HasHeader ?? IsHeader(entries[0].Path, folder)))
            entries.RemoveAt(0);
        if (entries.Count == 0)
            throw new InvalidDataException($"Image list '{listPath}' has no row; expected lines of path{separator}label.");
        var files = entries.Select(e => (e.Label, Path: Resolve(listPath, folder, e.Row, e.Path))).ToList();
        string[] classNames = files.Select(f => f.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        List<(string Label, string Path)> taken = files.Take(limit ?? int.MaxValue).ToList();
        IEnumerable<ImageRow> rows = taken.Select(f => new ImageRow { Label = f.Label, Image = ImageFolderDataSet.ReadImage(f.Path) });
        return new ImageDataSet(mlContext.Data.LoadFromEnumerable(rows), classNames, taken.Count, $"image list '{listPath}'");
    }

    private static char DefaultSeparator(string listPath) =>
        Path.GetExtension(listPath).ToLowerInvariant() is ".tsv" or ".tab" ? '\t' : ',';

    private static List<(int Row, string Path, string Label)> ParseRows(string listPath, char separator)
    {
        var entries = new List<(int, string, string)>();
        string[] lines = File.ReadAllLines(listPath);
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            int row = i + 1;
            List<string> fields = CsvFields.Split(lines[i], separator, out string? problem)
                ?? throw RowError(listPath, row, problem!);
            if (fields.Count != 2)
                throw RowError(listPath, row,
                    $"expected 2 fields (path{Shown(separator)}label), found {fields.Count}: {lines[i]}");
            string path = fields[0].Trim(), label = fields[1].Trim();
            if (path.Length == 0 || label.Length == 0)
                throw RowError(listPath, row, $"expected a path and a label, found an empty {(path.Length == 0 ? "path" : "label")}");
            entries.Add((row, path, label));
        }
        return entries;
    }

    private static bool IsHeader(string firstPath, string folder) =>
        CsvImageListOptions.HeaderNames.Contains(firstPath) && !File.Exists(Path.Combine(folder, firstPath));

    private static string Resolve(string listPath, string folder, int row, string path)
    {
        string full = Path.GetFullPath(Path.Combine(folder, path));
        return File.Exists(full)
            ? full
            : throw new FileNotFoundException(
                $"'{listPath}', row {row}: image '{path}' not found (looked for '{full}'); paths are relative to the list's folder.",
                full);
    }

    private static InvalidDataException RowError(string listPath, int row, string problem) =>
        new($"'{listPath}', row {row}: {problem}.");

    private static string Shown(char separator) => separator == '\t' ? "<tab>" : separator.ToString();
}

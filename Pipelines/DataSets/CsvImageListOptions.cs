namespace MlNetCnn.Pipelines.DataSets;

/// <summary>How <see cref="CsvImageDataSet"/> reads its list file.</summary>
public sealed class CsvImageListOptions
{
    /// <summary>The field separator; null: a tab for files ending with <c>.tsv</c> or <c>.tab</c>, else a comma.</summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Whether the first row is a header; null: detected — the first row is a header when its path field is one of
    /// <see cref="HeaderNames"/> (case-insensitive) and no file of that name exists next to the list.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>First fields that mark a header row when <see cref="HasHeader"/> is null.</summary>
    public static IReadOnlySet<string> HeaderNames { get; } = new HashSet<string>(
        ["path", "file", "filename", "file_name", "filepath", "image", "image_path", "img"], StringComparer.OrdinalIgnoreCase);
}

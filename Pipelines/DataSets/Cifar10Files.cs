namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// The files of CIFAR-10, binary version: batches of 10,000 records of 3,073 bytes (label, 1,024 red, 1,024 green,
/// 1,024 blue), files <c>data_batch_1..5.bin</c> and <c>test_batch.bin</c>, each optionally gzipped (<c>.bin.gz</c>).
/// </summary>
public static class Cifar10Files
{
    /// <summary>Image size and layout of every record.</summary>
    public static readonly RawImageShape Shape = new(32, 32, 3);

    /// <summary>Bytes of one record: the label byte and the three planes.</summary>
    public const int RecordSize = 1 + 32 * 32 * 3;

    /// <summary>The class names in label order, as in the archive's <c>batches.meta.txt</c>.</summary>
    public static IReadOnlyList<string> DefaultClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Records in a full batch file.</summary>
    public const int RecordsPerBatch = 10_000;

    /// <summary>The batch file names of <paramref name="split"/>, without extension, in order.</summary>
    public static IReadOnlyList<string> BatchNames(DataSetSplit split) => split switch
    {
        DataSetSplit.Train => ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"],
        DataSetSplit.Test => ["test_batch"],
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected Train or Test."),
    };

    /// <summary>Reads one batch file (<c>.bin</c> or <c>.bin.gz</c>) into memory.</summary>
    /// <param name="path">The batch file.</param>
    /// <param name="classCount">Labels must be below this.</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is empty, not a whole number of records, or has a label out of range.</exception>
    public static RawImageSet ReadBatch(string path, int classCount = 10)
    {
        byte[] content = DataFiles.ReadAll(path);
        int count = content.Length / RecordSize;
        if (content.Length == 0 || content.Length % RecordSize != 0)
        {
            DataFiles.RequireLength(path, content, (count + 1L) * RecordSize,
                $"whole records of {RecordSize:N0} bytes (label, 1,024 red, 1,024 green, 1,024 blue); " +
                $"a full batch has {RecordsPerBatch:N0}");
        }
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
            labels[i] = content[i * RecordSize];
        RawImageSet.CheckLabels(path, labels, classCount);
        return new RawImageSet(path, content, pixelStart: 1, stride: RecordSize, labels, Shape);
    }

    /// <summary>The class names from <c>batches.meta.txt</c> in <paramref name="directory"/>, else <see cref="DefaultClassNames"/>.</summary>
    public static IReadOnlyList<string> ReadClassNames(string directory)
    {
        string meta = Path.Combine(directory, "batches.meta.txt");
        if (!File.Exists(meta))
            return DefaultClassNames;
        string[] names = File.ReadAllLines(meta).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length == 0)
            throw new InvalidDataException($"'{meta}' lists no class names; expected one name per line in label order.");
        return names;
    }
}

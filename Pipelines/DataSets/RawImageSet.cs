namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// Images of one classic data-set file held as raw 8-bit pixels in the file's own buffer:
/// record <c>i</c> starts at <c>PixelStart + i * Stride</c>, its label is <c>Labels[i]</c>.
/// </summary>
public sealed class RawImageSet
{
    private readonly byte[] _buffer;

    /// <summary>Wraps raw records; labels must already be checked against the class count.</summary>
    /// <param name="sourcePath">The file the pixels come from.</param>
    /// <param name="buffer">The file content.</param>
    /// <param name="pixelStart">Offset of the first pixel of record 0.</param>
    /// <param name="stride">Bytes from one record to the next.</param>
    /// <param name="labels">One label per record.</param>
    /// <param name="shape">Size and channel layout of every image.</param>
    public RawImageSet(string sourcePath, byte[] buffer, int pixelStart, int stride, byte[] labels, RawImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(labels);
        long needed = pixelStart + (long)stride * Math.Max(0, labels.Length - 1) + shape.PixelCount;
        if (labels.Length > 0 && needed > buffer.LongLength)
            throw new ArgumentException(
                $"Buffer of '{sourcePath}' holds {buffer.LongLength:N0} bytes, {labels.Length:N0} records need {needed:N0}.",
                nameof(buffer));
        SourcePath = sourcePath;
        _buffer = buffer;
        PixelStart = pixelStart;
        Stride = stride;
        Labels = labels;
        Shape = shape;
    }

    /// <summary>The file the records were read from.</summary>
    public string SourcePath { get; }

    /// <summary>Offset of the first pixel of record 0 in the buffer.</summary>
    public int PixelStart { get; }

    /// <summary>Bytes from one record to the next.</summary>
    public int Stride { get; }

    /// <summary>The label of every record, in file order.</summary>
    public IReadOnlyList<byte> Labels { get; }

    /// <summary>Size and channel layout of every image.</summary>
    public RawImageShape Shape { get; }

    /// <summary>Number of records.</summary>
    public int Count => Labels.Count;

    /// <summary>The raw pixels of record <paramref name="index"/> (planar for colour: all red, then green, then blue).</summary>
    public ReadOnlySpan<byte> Pixels(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _buffer.AsSpan(PixelStart + index * Stride, Shape.PixelCount);
    }

    /// <summary>
    /// Fails unless every label is below <paramref name="classCount"/>, naming the file and the first bad record.
    /// </summary>
    /// <exception cref="InvalidDataException">A label is out of range.</exception>
    public static void CheckLabels(string sourcePath, ReadOnlySpan<byte> labels, int classCount)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
                throw new InvalidDataException(
                    $"'{sourcePath}', record {i}: label {labels[i]} is out of range, expected 0 to {classCount - 1}.");
        }
    }
}

/// <summary>Size and channels of raw images; colour images are stored planar (R plane, G plane, B plane).</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Channels">1 (grey) or 3 (RGB).</param>
public readonly record struct RawImageShape(int Width, int Height, int Channels)
{
    /// <summary>Bytes of one image.</summary>
    public int PixelCount => Width * Height * Channels;
}

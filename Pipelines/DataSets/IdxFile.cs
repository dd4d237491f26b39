using System.Buffers.Binary;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// The IDX files of MNIST and Fashion-MNIST: big-endian header (magic 2049 for labels, 2051 for images,
/// then the count and, for images, rows and columns), then one unsigned byte per label or pixel.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of a label file (unsigned bytes, one dimension).</summary>
    public const int LabelMagic = 2049;

    /// <summary>Magic number of an image file (unsigned bytes, three dimensions).</summary>
    public const int ImageMagic = 2051;

    private const int LabelHeaderSize = 8;
    private const int ImageHeaderSize = 16;

    /// <summary>Reads a label file (raw or <c>.gz</c>) and checks every label is below <paramref name="classCount"/>.</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">Wrong magic number, wrong size, or a label out of range.</exception>
    public static byte[] ReadLabels(string path, int classCount)
    {
        byte[] content = DataFiles.ReadAll(path);
        int count = ReadHeader(path, content, LabelMagic, LabelHeaderSize, "labels");
        DataFiles.RequireLength(path, content, LabelHeaderSize + (long)count, $"an 8-byte header and {count:N0} labels");
        byte[] labels = content.AsSpan(LabelHeaderSize).ToArray();
        RawImageSet.CheckLabels(path, labels, classCount);
        return labels;
    }

    /// <summary>Reads an image file (raw or <c>.gz</c>) together with its labels.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="labels">The labels from <see cref="ReadLabels"/>, one per image.</param>
    /// <param name="labelPath">The label file, for the message when the counts differ.</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">Wrong magic number, wrong size, or not as many images as labels.</exception>
    public static RawImageSet ReadImages(string path, byte[] labels, string labelPath)
    {
        byte[] content = DataFiles.ReadAll(path);
        int count = ReadHeader(path, content, ImageMagic, ImageHeaderSize, "images");
        int rows = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(8));
        int columns = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(12));
        if (rows <= 0 || columns <= 0)
            throw new InvalidDataException($"'{path}': image size {rows}x{columns} in the header; expected positive rows and columns.");
        var shape = new RawImageShape(columns, rows, 1);
        DataFiles.RequireLength(path, content, ImageHeaderSize + (long)count * shape.PixelCount,
            $"a 16-byte header and {count:N0} images of {rows}x{columns} bytes");
        if (count != labels.Length)
            throw new InvalidDataException(
                $"'{path}' holds {count:N0} images but '{labelPath}' holds {labels.Length:N0} labels; expected one label per image.");
        return new RawImageSet(path, content, ImageHeaderSize, shape.PixelCount, labels, shape);
    }

    private static int ReadHeader(string path, byte[] content, int magic, int headerSize, string what)
    {
        if (content.Length < headerSize)
            throw new InvalidDataException(
                $"'{path}' is truncated: expected an IDX {what} header of {headerSize} bytes, got {content.Length}.");
        int found = BinaryPrimitives.ReadInt32BigEndian(content);
        if (found != magic)
            throw new InvalidDataException(
                $"'{path}' is not an IDX {what} file: expected magic number {magic}, got {found}.");
        int count = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4));
        if (count < 0)
            throw new InvalidDataException($"'{path}': negative count {count} in the IDX header.");
        return count;
    }
}

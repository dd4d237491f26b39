using System.Text;

namespace MlNetCnn.Pipelines.Sweeps.Execution.Data;

/// <summary>
/// The header of a sweep data file, in this order (little-endian, text as length-prefixed UTF-8): the magic
/// <c>MLNCSWDF</c>, the format version, the label and image column names, C, H, W, the pixel width (1 = bytes of value × 255,
/// 4 = floats), the class names, and the training and validation row counts. Rows follow — each a <c>uint</c> key
/// (0 = no label) then C·H·W pixels — training rows first; the file ends with the SHA-256 of everything before it.
/// </summary>
internal sealed record SweepDataHeader(
    string LabelColumnName, string ImageColumnName, int Channels, int Height, int Width, bool IsBytes,
    IReadOnlyList<string> ClassNames, long TrainRows, long ValidationRows)
{
    private static ReadOnlySpan<byte> Magic => "MLNCSWDF"u8;

    /// <summary>The format this code writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Bytes of the trailing SHA-256.</summary>
    public const int ChecksumBytes = 32;

    /// <summary>Pixels per image.</summary>
    public int PixelCount => Channels * Height * Width;

    /// <summary>Bytes of one row: the key and the pixels.</summary>
    public int RowBytes => sizeof(uint) + PixelCount * (IsBytes ? 1 : sizeof(float));

    /// <summary>Writes the header at the writer's position.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(LabelColumnName);
        writer.Write(ImageColumnName);
        writer.Write(Channels);
        writer.Write(Height);
        writer.Write(Width);
        writer.Write((byte)(IsBytes ? 1 : sizeof(float)));
        writer.Write(ClassNames.Count);
        foreach (string name in ClassNames) writer.Write(name);
        writer.Write(TrainRows);
        writer.Write(ValidationRows);
    }

    /// <summary>Reads a header; <paramref name="path"/> names the file in errors.</summary>
    /// <exception cref="InvalidDataException">Not a sweep data file, another version, or impossible values.</exception>
    public static SweepDataHeader Read(BinaryReader reader, string path)
    {
        Span<byte> magic = stackalloc byte[8];
        if (reader.Read(magic) != magic.Length || !magic.SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a sweep data file: expected it to start with '{Encoding.ASCII.GetString(Magic)}'.");
        int version = reader.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"Sweep data file '{path}' has format version {version}; this version of MlNetCnn reads version {Version}. Prepare the sweep's data again.");
        string label = reader.ReadString(), image = reader.ReadString();
        int c = reader.ReadInt32(), h = reader.ReadInt32(), w = reader.ReadInt32();
        byte width = reader.ReadByte();
        int classes = reader.ReadInt32();
        if (c < 1 || h < 1 || w < 1 || (long)c * h * w > int.MaxValue / sizeof(float) || width is not (1 or sizeof(float)) || classes is < 2 or > 1_000_000)
            throw new InvalidDataException(
                $"Sweep data file '{path}' has an impossible header: images {c}×{h}×{w}, {width}-byte pixels, {classes} classes; expected positive sizes, 1- or 4-byte pixels and at least 2 classes.");
        var names = new string[classes];
        for (int i = 0; i < classes; i++) names[i] = reader.ReadString();
        long train = reader.ReadInt64(), validation = reader.ReadInt64();
        if (train < 0 || validation < 0)
            throw new InvalidDataException($"Sweep data file '{path}' has negative row counts ({train} training, {validation} validation).");
        return new SweepDataHeader(label, image, c, h, w, width == 1, names, train, validation);
    }
}

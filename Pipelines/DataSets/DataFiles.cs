using System.Buffers.Binary;
using System.IO.Compression;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>Finding and reading the files of the classic data sets, gzipped or not, in one buffer each.</summary>
internal static class DataFiles
{
    /// <summary>Checks a loader's optional limit on the number of images.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public static void CheckLimit(int? limit)
    {
        if (limit is < 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Expected a limit of 0 or more images, or none.");
    }

    /// <summary>The path of <paramref name="fileName"/> or of its gzipped form <c>fileName.gz</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">Neither form exists.</exception>
    public static string Resolve(string directory, string fileName)
    {
        string plain = Path.Combine(directory, fileName);
        if (File.Exists(plain))
            return plain;
        string gzipped = plain + ".gz";
        if (File.Exists(gzipped))
            return gzipped;
        throw new FileNotFoundException(
            $"Data file not found: expected '{plain}' or '{gzipped}'. " +
            "Check the data directory, or copy the original files there.", plain);
    }

    /// <summary>The whole content of <paramref name="path"/>, decompressed when the name ends with <c>.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file ends with <c>.gz</c> but is not valid gzip data.</exception>
    public static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Data file not found: '{path}'.", path);
        byte[] raw = File.ReadAllBytes(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw, writable: false), CompressionMode.Decompress);
            using var content = new MemoryStream(GzipSizeHint(raw));
            gzip.CopyTo(content);
            return content.Length == content.Capacity ? content.GetBuffer() : content.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not valid gzip data ({e.Message}).", e);
        }
    }

    /// <summary>Reads <paramref name="path"/> and fails unless it holds exactly <paramref name="expectedLength"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="content">The bytes read.</param>
    /// <param name="expectedLength">The length its header or format requires.</param>
    /// <param name="what">What the bytes should hold, for the message ("10,000 CIFAR-10 records of 3,073 bytes").</param>
    /// <exception cref="InvalidDataException">The length differs.</exception>
    public static void RequireLength(string path, byte[] content, long expectedLength, string what)
    {
        if (content.LongLength == expectedLength)
            return;
        string problem = content.LongLength < expectedLength ? "truncated" : "longer than expected";
        throw new InvalidDataException(
            $"'{path}' is {problem}: expected {expectedLength:N0} bytes ({what}), got {content.LongLength:N0}.");
    }

    /// <summary>The decompressed size that a single-member gzip file records in its last four bytes (a capacity hint only).</summary>
    private static int GzipSizeHint(byte[] gzip)
    {
        if (gzip.Length < 18)
            return 0;
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4));
        return size <= int.MaxValue ? (int)size : 0;
    }
}

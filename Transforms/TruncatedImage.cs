using System.Buffers.Binary;

namespace MlNetCnn.Transforms;

/// <summary>
/// Finds truncated files from their ends, without decoding: a JPEG whose last scan has no end-of-image marker, a WebP
/// or BMP shorter than its header says (ImageSharp 2.1 would decode these three without complaint, filling the missing
/// part; PIL refuses them), a PNG with no IEND chunk (which would fail only when decoded). Cheap enough for every row, so
/// a truncated file is named when its bytes are read. Not checked: TIFF (offsets all over the file; a truncated one fails
/// when decoded) and GIF (a missing trailer is accepted, as browsers and PIL accept it).
/// </summary>
internal static class TruncatedImage
{
    private static ReadOnlySpan<byte> StartOfImage => [0xFF, 0xD8];
    private static ReadOnlySpan<byte> StartOfScan => [0xFF, 0xDA];
    private static ReadOnlySpan<byte> EndOfImage => [0xFF, 0xD9];
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>What shows that <paramref name="encoded"/> is cut short, or null when nothing does.</summary>
    public static string? Problem(ReadOnlySpan<byte> encoded)
    {
        if (encoded.StartsWith(StartOfImage))
        {
            // Entropy-coded data never holds FF D9 (an FF there is followed by 00 or a restart marker), so the last scan of
            // a whole JPEG is followed by the end-of-image marker; markers in an EXIF thumbnail come before it.
            int lastScan = encoded.LastIndexOf(StartOfScan);
            if (lastScan < 0 || encoded[lastScan..].IndexOf(EndOfImage) < 0)
                return "the JPEG has no end-of-image marker (FF D9) after its last scan: the file is truncated";
        }
        else if (encoded.Length >= 12 && encoded[..4].SequenceEqual("RIFF"u8) && encoded.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            long declared = BinaryPrimitives.ReadUInt32LittleEndian(encoded.Slice(4, 4)) + 8L;
            if (declared > encoded.Length)
                return $"the WebP's RIFF header declares {declared} bytes but there are {encoded.Length}: the file is truncated";
        }
        else if (encoded.StartsWith(PngSignature))
        {
            if (encoded.LastIndexOf("IEND"u8) < 0)
                return "the PNG has no IEND chunk: the file is truncated";
        }
        else if (encoded.Length >= 6 && encoded.StartsWith("BM"u8))
        {
            long declared = BinaryPrimitives.ReadUInt32LittleEndian(encoded.Slice(2, 4));
            if (declared > encoded.Length)
                return $"the BMP's header declares {declared} bytes but there are {encoded.Length}: the file is truncated";
        }
        return null;
    }
}

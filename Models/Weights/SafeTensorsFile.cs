using System.Runtime.InteropServices;
using System.Text.Json;

namespace MlNetCnn.Models.Weights;

/// <summary>The element types of the safetensors format (names as written in its header).</summary>
public enum SafeTensorsDType
{
    /// <summary>64-bit float.</summary>
    F64,
    /// <summary>32-bit float.</summary>
    F32,
    /// <summary>IEEE half-precision float.</summary>
    F16,
    /// <summary>bfloat16.</summary>
    BF16,
    /// <summary>64-bit signed integer.</summary>
    I64,
    /// <summary>32-bit signed integer.</summary>
    I32,
}

/// <summary>One tensor of a safetensors file: its element type, shape and bytes within the data section.</summary>
/// <param name="Name">The key (a state-dict key).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The shape (empty for a scalar).</param>
/// <param name="Begin">Offset of its first byte in the data section.</param>
/// <param name="End">Offset after its last byte in the data section.</param>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Whether the elements are floating-point numbers.</summary>
    public bool IsFloatingPoint => DType is SafeTensorsDType.F64 or SafeTensorsDType.F32 or SafeTensorsDType.F16 or SafeTensorsDType.BF16;

    /// <summary>Bytes per element.</summary>
    public int ElementSize => DType switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(DType), DType, "Unknown safetensors element type."),
    };
}

/// <summary>
/// Reads a safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian header length, a
/// JSON header <c>{name: {dtype, shape, data_offsets}}</c> with an optional <c>__metadata__</c> object of strings,
/// then the raw little-endian data. Tensors are read one at a time, converted to float or int64.
/// </summary>
public sealed class SafeTensorsReader : IDisposable
{
    private const long MaxHeaderBytes = 100_000_000;
    private readonly FileStream _stream;
    private readonly long _dataStart;

    /// <summary>Opens <paramref name="path"/> and reads its header; a malformed file fails naming the file and the problem.</summary>
    public SafeTensorsReader(string path)
    {
        Path = path;
        _stream = File.OpenRead(path);
        try
        {
            (Entries, Metadata, _dataStart) = ReadHeader(_stream, path);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The tensors by name, in header order.</summary>
    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>A floating-point tensor's values as float32 (F64, F16 and BF16 are converted).</summary>
    public float[] ReadSingles(string name)
    {
        var entry = Entries[name];
        byte[] bytes = ReadBytes(entry);
        return entry.DType switch
        {
            SafeTensorsDType.F32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            SafeTensorsDType.F64 => Convert(MemoryMarshal.Cast<byte, double>(bytes), v => (float)v),
            SafeTensorsDType.F16 => Convert(MemoryMarshal.Cast<byte, Half>(bytes), v => (float)v),
            SafeTensorsDType.BF16 => Convert(MemoryMarshal.Cast<byte, ushort>(bytes), v => BitConverter.Int32BitsToSingle(v << 16)),
            _ => throw new InvalidDataException($"'{name}' in {Path} holds {entry.DType} integers, not floating-point numbers."),
        };
    }

    /// <summary>An integer tensor's values as int64.</summary>
    public long[] ReadInt64s(string name)
    {
        var entry = Entries[name];
        byte[] bytes = ReadBytes(entry);
        return entry.DType switch
        {
            SafeTensorsDType.I64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
            SafeTensorsDType.I32 => Convert(MemoryMarshal.Cast<byte, int>(bytes), v => (long)v),
            _ => throw new InvalidDataException($"'{name}' in {Path} holds {entry.DType} numbers, not integers."),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private byte[] ReadBytes(SafeTensorsEntry entry)
    {
        var bytes = new byte[entry.End - entry.Begin];
        _stream.Position = _dataStart + entry.Begin;
        _stream.ReadExactly(bytes);
        return bytes;
    }

    private static TOut[] Convert<TIn, TOut>(ReadOnlySpan<TIn> values, Func<TIn, TOut> convert)
    {
        var result = new TOut[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = convert(values[i]);
        return result;
    }

    private static (IReadOnlyDictionary<string, SafeTensorsEntry>, IReadOnlyDictionary<string, string>, long) ReadHeader(FileStream stream, string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Reading safetensors files needs a little-endian machine.");
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8)
            throw new InvalidDataException($"{path} is not a safetensors file: it has {stream.Length} bytes, fewer than the 8-byte header length.");
        stream.ReadExactly(lengthBytes);
        long headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes || headerLength > stream.Length - 8)
            throw new InvalidDataException($"{path} is not a safetensors file: header length {headerLength} does not fit a file of {stream.Length} bytes.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        long dataLength = stream.Length - 8 - headerLength;

        var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(header);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var item in property.Value.EnumerateObject()) metadata[item.Name] = item.Value.GetString() ?? "";
                    continue;
                }
                var entry = ParseEntry(property);
                if (entry.End - entry.Begin != entry.ElementCount * entry.ElementSize || entry.Begin < 0 || entry.End > dataLength)
                    throw new InvalidDataException(
                        $"'{entry.Name}' ({entry.DType} [{string.Join(", ", entry.Shape)}]) has data_offsets [{entry.Begin}, {entry.End}], " +
                        $"which do not hold {entry.ElementCount} elements within the {dataLength}-byte data section.");
                entries.Add(entry.Name, entry);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{path} has an invalid safetensors header: {e.Message}", e);
        }
        return (entries, metadata, 8 + headerLength);
    }

    private static SafeTensorsEntry ParseEntry(JsonProperty property)
    {
        string dtype = property.Value.GetProperty("dtype").GetString() ?? "";
        if (!Enum.GetNames<SafeTensorsDType>().Contains(dtype))
            throw new InvalidDataException($"'{property.Name}' has dtype '{dtype}'; supported: {string.Join(", ", Enum.GetNames<SafeTensorsDType>())}.");
        long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (offsets.Length != 2 || shape.Any(d => d < 0))
            throw new InvalidDataException($"'{property.Name}' needs a non-negative shape and two data_offsets.");
        return new SafeTensorsEntry(property.Name, Enum.Parse<SafeTensorsDType>(dtype), shape, offsets[0], offsets[1]);
    }
}

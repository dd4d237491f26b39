using MlNetCnn.Models.IO;
using System.Text;
using System.Text.Json;

namespace MlNetCnn.Models.Weights;

/// <summary>One tensor to write: name, element type, shape and little-endian bytes.</summary>
/// <param name="Name">The key.</param>
/// <param name="DType">The element type of <paramref name="Data"/>.</param>
/// <param name="Shape">The shape (empty for a scalar).</param>
/// <param name="Data">The raw little-endian bytes, element count × element size long.</param>
public sealed record SafeTensorsTensor(string Name, SafeTensorsDType DType, long[] Shape, byte[] Data);

/// <summary>Writes safetensors files atomically: to a temporary file beside the target, then renamed over it.</summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (in order, contiguous) and optional string metadata to <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<SafeTensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Writing safetensors files needs a little-endian machine.");
        var list = tensors.ToList();
        byte[] header = Header(list, metadata);
        AtomicFile.Write(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            stream.Write(BitConverter.GetBytes((long)header.Length));
            stream.Write(header);
            foreach (var tensor in list) stream.Write(tensor.Data);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>The JSON header, padded with spaces to a multiple of 8 bytes (as the reference writer does).</summary>
    private static byte[] Header(IReadOnlyList<SafeTensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                var entry = new SafeTensorsEntry(tensor.Name, tensor.DType, tensor.Shape, offset, offset + tensor.Data.Length);
                if (tensor.Data.Length != entry.ElementCount * entry.ElementSize)
                    throw new ArgumentException($"'{tensor.Name}' has {tensor.Data.Length} bytes; {tensor.DType} [{string.Join(", ", tensor.Shape)}] needs {entry.ElementCount * entry.ElementSize}.", nameof(tensors));
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.ToString());
                json.WriteStartArray("shape");
                foreach (long d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(entry.Begin);
                json.WriteNumberValue(entry.End);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = entry.End;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Pipelines.Sweeps.Execution.Data;

/// <summary>Writes the rows of featurized views in the sweep data format (<see cref="SweepDataHeader"/>).</summary>
internal static class SweepDataWriter
{
    /// <summary>The label and image columns of a view, checked: a <c>UInt32</c> key and a known-size Vector&lt;Single&gt; of C, H, W.</summary>
    public sealed record ColumnsOf(string Role, DataViewSchema.Column Label, DataViewSchema.Column Image, IReadOnlyList<string> ClassNames, int[] Shape)
    {
        /// <summary>The other view must have the same classes and image shape.</summary>
        public void RequireSameAs(ColumnsOf other)
        {
            if (!Shape.SequenceEqual(other.Shape))
                throw new ArgumentException(
                    $"The {other.Role} images are {string.Join("×", other.Shape)}; the {Role} images are {string.Join("×", Shape)}. Featurize both with the same fitted transforms.");
            if (!ClassNames.SequenceEqual(other.ClassNames))
                throw new ArgumentException(
                    $"The {other.Role} label '{other.Label.Name}' has classes [{string.Join(", ", other.ClassNames)}]; the {Role} label has [{string.Join(", ", ClassNames)}]. Map both with the same fitted MapValueToKey.");
        }
    }

    /// <summary>Finds and checks the columns of a view; <paramref name="role"/> (training, validation) names it in errors.</summary>
    public static ColumnsOf Columns(DataViewSchema schema, string labelColumnName, string imageColumnName, string role)
    {
        var label = Find(schema, labelColumnName, role, "label");
        if (label.Type is not KeyDataViewType { RawType: var raw } key || raw != typeof(uint))
            throw new ArgumentException($"Schema mismatch for the {role} label column '{labelColumnName}': expected Key<UInt32> (from MapValueToKey), got {label.Type}.");
        var image = Find(schema, imageColumnName, role, "image");
        if (image.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Schema mismatch for the {role} image column '{imageColumnName}': expected a known-size Vector<Single> of C×H×W, got {image.Type}.");
        int[] shape = vector.Dimensions.Length switch
        {
            3 => vector.Dimensions.ToArray(),
            4 when vector.Dimensions[0] == 1 => vector.Dimensions.Skip(1).ToArray(),
            _ => throw new ArgumentException(
                $"The {role} image column '{imageColumnName}' has dimensions [{string.Join(", ", vector.Dimensions)}]; expected C, H, W (as LoadImagesAsTensors makes)."),
        };
        return new ColumnsOf(role, label, image, ClassNamesOf(label, checked((int)key.Count)), shape);
    }

    /// <summary>
    /// Writes the file; with <paramref name="asBytes"/>, returns false (leaving a partial file to overwrite) at the first
    /// pixel that is not a byte value, so that the caller writes floats instead.
    /// </summary>
    public static bool TryWrite(string path, IDataView train, IDataView validation, ColumnsOf columns, bool asBytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var header = new SweepDataHeader(columns.Label.Name, columns.Image.Name, columns.Shape[0], columns.Shape[1], columns.Shape[2], asBytes,
            columns.ClassNames, 0, 0);
        header.Write(writer);
        long countsAt = stream.Position - 2 * sizeof(long);
        long? trainRows = WriteRows(writer, train, header, columns.Role);
        long? validationRows = trainRows is null ? null : WriteRows(writer, validation, header, "validation");
        if (validationRows is null) return false;
        writer.Flush();
        stream.Position = countsAt;
        writer.Write(trainRows!.Value);
        writer.Write(validationRows.Value);
        writer.Flush();
        stream.Position = 0;
        byte[] checksum = SHA256.HashData(stream);
        stream.Seek(0, SeekOrigin.End);
        stream.Write(checksum);
        return true;
    }

    /// <summary>Writes every row of <paramref name="data"/>; null when a pixel does not fit a byte in a byte file.</summary>
    private static long? WriteRows(BinaryWriter writer, IDataView data, SweepDataHeader header, string role)
    {
        var label = data.Schema[header.LabelColumnName];
        var image = data.Schema[header.ImageColumnName];
        using var cursor = data.GetRowCursor([label, image]);
        var labelGetter = cursor.GetGetter<uint>(label);
        var imageGetter = cursor.GetGetter<VBuffer<float>>(image);
        uint key = 0;
        VBuffer<float> pixels = default;
        var bytes = new byte[header.PixelCount];
        long rows = 0;
        while (cursor.MoveNext())
        {
            labelGetter(ref key);
            imageGetter(ref pixels);
            if (pixels.Length != header.PixelCount)
                throw new InvalidDataException($"The {role} row {rows} has {pixels.Length} pixels in '{header.ImageColumnName}'; expected {header.PixelCount}.");
            writer.Write(key);
            if (header.IsBytes)
            {
                if (!ToBytes(pixels.GetValues(), pixels.IsDense, bytes)) return null;
                writer.Write(bytes);
            }
            else
                foreach (float value in pixels.DenseValues()) writer.Write(value);
            rows++;
        }
        return rows;
    }

    /// <summary>Each value × 255 as a byte, when every value is one (within 1e-3, as the trainer's own byte store decides).</summary>
    private static bool ToBytes(ReadOnlySpan<float> values, bool dense, byte[] bytes)
    {
        if (!dense) return false;
        for (int i = 0; i < values.Length; i++)
        {
            float scaled = values[i] * 255f;
            float rounded = MathF.Round(scaled);
            if (!(MathF.Abs(scaled - rounded) <= 1e-3f) || rounded is < 0 or > 255) return false;
            bytes[i] = (byte)rounded;
        }
        return true;
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string what) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The {role} data has no {what} column '{name}'; columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");

    private static IReadOnlyList<string> ClassNamesOf(DataViewSchema.Column label, int count)
    {
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues")?.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            label.GetKeyValues(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToArray();
        }
        // Without text key values the trainer names the classes by index; the file does too.
        return Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}

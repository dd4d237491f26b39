using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Transforms;

/// <summary>What the image column holds.</summary>
internal enum ImageSourceKind
{
    /// <summary>Text: a path to an image file.</summary>
    Path,

    /// <summary>Vector&lt;Byte&gt;: the bytes of an encoded image file.</summary>
    Bytes,
}

/// <summary>Finds the <see cref="ImageSourceKind"/> of the image column, or fails with a schema-mismatch message.</summary>
internal static class ImageSourceKinds
{
    /// <summary>The kind of the image column of an estimator's input schema.</summary>
    public static ImageSourceKind Of(SchemaShape inputSchema, string columnName)
    {
        foreach (var column in inputSchema)
        {
            if (column.Name == columnName)
                return Of(columnName, column.Kind != SchemaShape.Column.VectorKind.Scalar, column.ItemType);
        }
        throw Mismatch(columnName, "column not found in the input");
    }

    /// <summary>The kind of the image column of a data view's schema.</summary>
    public static ImageSourceKind Of(DataViewSchema inputSchema, string columnName)
    {
        var column = inputSchema.GetColumnOrNull(columnName)
            ?? throw Mismatch(columnName, "column not found in the input");
        return column.Type is VectorDataViewType vector
            ? Of(columnName, isVector: true, vector.ItemType)
            : Of(columnName, isVector: false, column.Type);
    }

    private static ImageSourceKind Of(string columnName, bool isVector, DataViewType itemType)
    {
        if (!isVector && itemType is TextDataViewType)
            return ImageSourceKind.Path;
        if (isVector && itemType == NumberDataViewType.Byte)
            return ImageSourceKind.Bytes;
        throw Mismatch(columnName, $"got {(isVector ? $"Vector<{TypeName(itemType)}>" : TypeName(itemType))}");
    }

    private static string TypeName(DataViewType type) => type is TextDataViewType ? "Text" : type.RawType.Name;

    private static ArgumentOutOfRangeException Mismatch(string columnName, string problem) =>
        new("inputSchema",
            $"Schema mismatch for image column '{columnName}': expected Text (a file path) or Vector<Byte> (encoded image bytes), {problem}.");
}

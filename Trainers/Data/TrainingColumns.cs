using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Trainers.Data;

/// <summary>
/// The label and image columns a trainer reads, validated against the schema before any training:
/// every mistake is reported with the column, what was expected and what was found.
/// </summary>
internal sealed record TrainingColumns(
    DataViewSchema.Column Label, IReadOnlyList<string> ClassNames,
    DataViewSchema.Column Image, int Channels, int Height, int Width)
{
    public int ImageSize => Channels * Height * Width;

    public int ClassCount => ClassNames.Count;

    public static TrainingColumns Read(DataViewSchema schema, ImageClassificationTrainerOptions options)
    {
        var label = Find(schema, options.LabelColumnName, "label", nameof(options.LabelColumnName));
        if (label.Type is not KeyDataViewType key)
            throw new ArgumentException(
                $"Schema mismatch for label column '{label.Name}': expected a key type, got {label.Type}. " +
                $"Convert it first with mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\").", nameof(options.LabelColumnName));
        if (key.Count < 2)
            throw new ArgumentException(
                $"Label column '{label.Name}' has {key.Count} class(es); a classifier needs at least two.", nameof(options.LabelColumnName));
        var names = ClassNamesOf(label, (int)key.Count);

        var image = Find(schema, options.ImageColumnName, "image", nameof(options.ImageColumnName));
        if (image.Type is not VectorDataViewType { ItemType: NumberDataViewType n } vector || n != NumberDataViewType.Single || !vector.IsKnownSize)
            throw new ArgumentException(
                $"Schema mismatch for image column '{image.Name}': expected a known-size Vector<Single> of CHW pixels " +
                $"(for example from mlContext.Transforms.LoadImagesAsTensors), got {image.Type}.", nameof(options.ImageColumnName));
        var (c, h, w) = ShapeOf(image.Name, vector, options.ImageShape);
        return new TrainingColumns(label, names, image, c, h, w);
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string option) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The {role} column '{name}' is not in the data (set {option}). Columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.",
            option);

    private static IReadOnlyList<string> ClassNamesOf(DataViewSchema.Column label, int count)
    {
        var keyValues = label.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (keyValues?.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            label.GetKeyValues(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToArray();
        }
        // Without text key values the classes are named by their index; PredictedLabel then carries those names.
        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static (int, int, int) ShapeOf(string column, VectorDataViewType vector, int[]? given)
    {
        int size = vector.Size;
        if (given is not null)
        {
            if (given[0] * given[1] * given[2] != size)
                throw new ArgumentException(
                    $"Image column '{column}' has {size} values per row, but ImageShape [{string.Join(", ", given)}] needs {given[0] * given[1] * given[2]}.",
                    nameof(ImageClassificationTrainerOptions.ImageShape));
            return (given[0], given[1], given[2]);
        }
        var dims = vector.Dimensions;
        if (dims.Length == 3) return (dims[0], dims[1], dims[2]);
        if (dims.Length == 4 && dims[0] == 1) return (dims[1], dims[2], dims[3]);
        foreach (int channels in new[] { 3, 1 })
        {
            int side = (int)Math.Round(Math.Sqrt(size / (double)channels));
            if (channels * side * side == size) return (channels, side, side);
        }
        throw new ArgumentException(
            $"Image column '{column}' is a flat vector of {size} values that is not C×S×S for 1 or 3 channels; set ImageShape to [channels, height, width].",
            nameof(ImageClassificationTrainerOptions.ImageShape));
    }
}

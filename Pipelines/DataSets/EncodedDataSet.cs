using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>Turns raw records of one or more files into an <see cref="ImageDataSet"/> of encoded images.</summary>
internal static class EncodedDataSet
{
    /// <summary>
    /// The records of <paramref name="files"/> in order, at most <paramref name="limit"/>, each encoded as BMP.
    /// </summary>
    public static ImageDataSet Create(
        MLContext mlContext, IReadOnlyList<RawImageSet> files, IReadOnlyList<string> classNames, int? limit, string source)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        DataFiles.CheckLimit(limit);
        var rows = new List<ImageRow>();
        foreach (RawImageSet file in files)
        {
            int take = Math.Min(file.Count, (limit ?? int.MaxValue) - rows.Count);
            if (take <= 0)
                break;
            byte[][] images = ImageEncoding.EncodeAll(file, take, EncodedImageFormat.Bmp);
            for (int i = 0; i < take; i++)
                rows.Add(new ImageRow { Label = classNames[file.Labels[i]], Image = images[i] });
        }
        return new ImageDataSet(mlContext.Data.LoadFromEnumerable(rows), classNames, rows.Count, source);
    }
}

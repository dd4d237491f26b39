using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>CIFAR-10, binary version (see <see cref="Cifar10Files"/> for the format), as an <see cref="ImageDataSet"/>.</summary>
public static class Cifar10DataSet
{
    /// <summary>
    /// Loads <paramref name="split"/> from <paramref name="directory"/> as rows of BMP-encoded images
    /// (lossless, so a model trained on them predicts the same from image files).
    /// Class names come from <c>batches.meta.txt</c> when present, else <see cref="Cifar10Files.DefaultClassNames"/>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="directory">The folder holding the batch files.</param>
    /// <param name="split">Training or test batches.</param>
    /// <param name="limit">Only the first <paramref name="limit"/> records (later batches are then not read; without a limit all batches are read in parallel); null for all.</param>
    /// <exception cref="FileNotFoundException">A batch file is missing.</exception>
    /// <exception cref="InvalidDataException">A batch is truncated, not a whole number of records, or has a label out of range.</exception>
    public static ImageDataSet Load(MLContext mlContext, string directory, DataSetSplit split, int? limit = null)
    {
        IReadOnlyList<string> classNames = Cifar10Files.ReadClassNames(directory);
        IReadOnlyList<string> names = Cifar10Files.BatchNames(split);
        string PathOf(string name) => DataFiles.Resolve(directory, name + ".bin");
        RawImageSet Read(string path) => Cifar10Files.ReadBatch(path, classNames.Count);
        var batches = new List<RawImageSet>();
        if (limit is null)
        {
            // Decompressing is most of the time: find every file first, then read them all at once
            // (GetResult rethrows the first failure itself, not an AggregateException).
            string[] paths = names.Select(PathOf).ToArray();
            batches.AddRange(Task.WhenAll(paths.Select(path => Task.Run(() => Read(path))))
                .GetAwaiter().GetResult());
        }
        else
        {
            for (int i = 0, read = 0; i < names.Count && read < limit; i++)
            {
                batches.Add(Read(PathOf(names[i])));
                read += batches[^1].Count;
            }
        }
        return EncodedDataSet.Create(mlContext, batches, classNames, limit, $"CIFAR-10 {split} in '{directory}'");
    }
}

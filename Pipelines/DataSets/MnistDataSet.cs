using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// MNIST and Fashion-MNIST in their original IDX files (<c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-*</c>), gzipped (<c>.gz</c>) or raw.
/// </summary>
public static class MnistDataSet
{
    /// <summary>Class names of MNIST in label order: the digits "0" to "9".</summary>
    public static IReadOnlyList<string> DigitClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Class names of Fashion-MNIST in label order.</summary>
    public static IReadOnlyList<string> FashionClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads MNIST (digits) from <paramref name="directory"/>.</summary>
    /// <inheritdoc cref="Load(MLContext, string, DataSetSplit, IReadOnlyList{string}, int?)"/>
    public static ImageDataSet LoadMnist(MLContext mlContext, string directory, DataSetSplit split, int? limit = null) =>
        Load(mlContext, directory, split, DigitClassNames, limit);

    /// <summary>Loads Fashion-MNIST from <paramref name="directory"/>.</summary>
    /// <inheritdoc cref="Load(MLContext, string, DataSetSplit, IReadOnlyList{string}, int?)"/>
    public static ImageDataSet LoadFashionMnist(MLContext mlContext, string directory, DataSetSplit split, int? limit = null) =>
        Load(mlContext, directory, split, FashionClassNames, limit);

    /// <summary>
    /// Loads a split of an MNIST-format data set as rows of 8-bit grey BMP images (lossless).
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="directory">The folder holding the four IDX files.</param>
    /// <param name="split">Training (<c>train-*</c>) or test (<c>t10k-*</c>) files.</param>
    /// <param name="classNames">The class names in label order.</param>
    /// <param name="limit">Only the first <paramref name="limit"/> images; null for all.</param>
    /// <exception cref="FileNotFoundException">An IDX file is missing.</exception>
    /// <exception cref="InvalidDataException">Wrong magic number, wrong size, counts that differ, or a label out of range.</exception>
    public static ImageDataSet Load(
        MLContext mlContext, string directory, DataSetSplit split, IReadOnlyList<string> classNames, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        string prefix = split switch
        {
            DataSetSplit.Train => "train",
            DataSetSplit.Test => "t10k",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected Train or Test."),
        };
        string labelPath = DataFiles.Resolve(directory, prefix + "-labels-idx1-ubyte");
        string imagePath = DataFiles.Resolve(directory, prefix + "-images-idx3-ubyte");
        byte[] labels = IdxFile.ReadLabels(labelPath, classNames.Count);
        RawImageSet images = IdxFile.ReadImages(imagePath, labels, labelPath);
        return EncodedDataSet.Create(mlContext, [images], classNames, limit, $"{prefix} IDX files in '{directory}'");
    }
}

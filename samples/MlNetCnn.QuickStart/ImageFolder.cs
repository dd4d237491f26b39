using Microsoft.ML;

namespace MlNetCnn.QuickStart;

/// <summary>An image file and its class.</summary>
public sealed class ImageInput
{
    /// <summary>Path of the image file.</summary>
    public string ImagePath { get; set; } = "";

    /// <summary>Class name (the folder the image is in).</summary>
    public string Label { get; set; } = "";
}

/// <summary>What the model predicts for one image.</summary>
public sealed class ImagePrediction
{
    /// <summary>Probability per class, in key order.</summary>
    public float[] Score { get; set; } = Array.Empty<float>();

    /// <summary>The predicted key (1-based; 0 would be missing).</summary>
    public uint PredictedLabel { get; set; }
}

/// <summary>A folder with one sub-folder of images per class.</summary>
internal static class ImageFolder
{
    public static List<ImageInput> Read(string folder) =>
        Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(classFolder => Directory.GetFiles(classFolder).Where(IsImage).Order(StringComparer.Ordinal)
                .Select(path => new ImageInput { ImagePath = path, Label = Path.GetFileName(classFolder) }))
            .ToList();

    private static bool IsImage(string path) => Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    public static long Count(IDataView data) => data.GetRowCount() ?? 0;

    /// <summary>The shipped data folder, looked up from the current directory and from the program's folder upwards.</summary>
    public static string FindShipped(string relative)
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, relative)))
                    return Path.Combine(dir.FullName, relative);
        throw new DirectoryNotFoundException($"'{relative}' was not found above {Directory.GetCurrentDirectory()}; pass the data folder as the first argument.");
    }
}

namespace MlNetCnn.Tests.Support;

/// <summary>An image file and its class: the input rows of the image pipelines in the tests.</summary>
public sealed class ImageFile
{
    /// <summary>Path of the image.</summary>
    public string ImagePath { get; set; } = "";

    /// <summary>Its class.</summary>
    public string Label { get; set; } = "";
}

/// <summary>The real CIFAR-10 subset shipped in samples/data/cifar10-small, copied next to the test assembly.</summary>
internal static class ShippedImages
{
    /// <summary>The subset's folder: <c>train/</c> and <c>test/</c>, one sub-folder per class.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "data", "cifar10-small");

    /// <summary>The first <paramref name="perClass"/> training images of every class, classes in name order.</summary>
    public static List<ImageFile> Train(int perClass) => Files("train", perClass);

    /// <summary>The first <paramref name="perClass"/> held-out images of every class, classes in name order.</summary>
    public static List<ImageFile> Test(int perClass) => Files("test", perClass);

    private static List<ImageFile> Files(string split, int perClass) =>
        Directory.GetDirectories(Path.Combine(Folder, split)).Order(StringComparer.Ordinal)
            .SelectMany(dir => Directory.GetFiles(dir, "*.png").Order(StringComparer.Ordinal).Take(perClass)
                .Select(path => new ImageFile { ImagePath = path, Label = Path.GetFileName(dir) }))
            .ToList();
}

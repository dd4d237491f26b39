using Microsoft.ML;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// A folder of images sorted into one sub-folder per class (searched recursively), as an <see cref="ImageDataSet"/>.
/// Class names are the sub-folder names in ordinal order. Rows take the classes in turn (first image of
/// every class, then the second, ...), so that a limit keeps the classes balanced; within a class, files
/// are in ordinal order of their relative path. Image bytes are read when the data view is read.
/// </summary>
public static class ImageFolderDataSet
{
    /// <summary>File extensions read as images (case-insensitive); other files are ignored.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } = new HashSet<string>(
        [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".tga", ".webp", ".pbm"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists the images of <paramref name="directory"/> and returns them as a data set.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="directory">The folder holding one sub-folder per class.</param>
    /// <param name="limit">Only the first <paramref name="limit"/> images of the row order; null for all.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder has no class sub-folder, or a class sub-folder holds no image.</exception>
    public static ImageDataSet Load(MLContext mlContext, string directory, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (limit is < 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Expected a limit of 0 or more images, or none.");
        IReadOnlyList<(string ClassName, string[] Files)> classes = ListClasses(directory);
        List<(string Label, string Path)> files = Interleave(classes).Take(limit ?? int.MaxValue).ToList();
        IEnumerable<ImageRow> rows = files.Select(f => new ImageRow { Label = f.Label, Image = ReadImage(f.Path) });
        return new ImageDataSet(
            mlContext.Data.LoadFromEnumerable(rows), classes.Select(c => c.ClassName).ToArray(), files.Count,
            $"image folder '{directory}'");
    }

    /// <summary>The class sub-folders of <paramref name="directory"/> in ordinal order, each with its image files.</summary>
    /// <inheritdoc cref="Load" path="/exception"/>
    public static IReadOnlyList<(string ClassName, string[] Files)> ListClasses(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Image folder not found: '{directory}'.");
        string[] classFolders = Directory.GetDirectories(directory).Order(StringComparer.Ordinal).ToArray();
        if (classFolders.Length == 0)
            throw new InvalidDataException(
                $"'{directory}' has no sub-folder; expected one sub-folder of images per class, e.g. '{directory}/cat/1.png'.");
        return classFolders.Select(folder => (Path.GetFileName(folder), ListImages(folder))).ToArray();
    }

    private static string[] ListImages(string classFolder)
    {
        string[] files = Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
            throw new InvalidDataException(
                $"Class folder '{classFolder}' holds no image; expected files ending with {string.Join(", ", ImageExtensions.Order())}. " +
                "Add images or remove the folder.");
        return files;
    }

    private static IEnumerable<(string Label, string Path)> Interleave(IReadOnlyList<(string ClassName, string[] Files)> classes)
    {
        int longest = classes.Max(c => c.Files.Length);
        for (int i = 0; i < longest; i++)
        {
            foreach ((string className, string[] files) in classes)
            {
                if (i < files.Length)
                    yield return (className, files[i]);
            }
        }
    }

    /// <summary>The bytes of the image file at <paramref name="path"/>; a read failure names the file.</summary>
    internal static byte[] ReadImage(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read image '{path}': {e.Message}", e);
        }
    }
}

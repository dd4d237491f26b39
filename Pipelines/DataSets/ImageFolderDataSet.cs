using Microsoft.ML;
using MlNetCnn.Transforms;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// A folder of images sorted into one sub-folder per class (searched recursively), as an <see cref="ImageDataSet"/>.
/// Class names are the sub-folder names in ordinal order. Rows take the classes in turn (first image of
/// every class, then the second, ...), so that a limit keeps the classes balanced; within a class, files
/// are in ordinal order of their relative path. Image bytes are read when the data view is read, and their header is
/// checked then, so that a file that is no image fails naming the file; a file that is truncated after its header fails
/// only when decoded (naming the row). <c>skipUnreadable</c> decodes every file at load time instead and leaves out those
/// that fail.
/// </summary>
public static class ImageFolderDataSet
{
    /// <summary>
    /// File extensions read as images (case-insensitive): every format ImageSharp decodes (<see cref="ImageDecoding.FileExtensions"/>);
    /// other files are ignored.
    /// </summary>
    public static IReadOnlySet<string> ImageExtensions => ImageDecoding.FileExtensions;

    /// <summary>Lists the images of <paramref name="directory"/> and returns them as a data set.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="directory">The folder holding one sub-folder per class.</param>
    /// <param name="limit">Only the first <paramref name="limit"/> images of the row order; null for all.</param>
    /// <param name="skipUnreadable">
    /// False (default): a file that cannot be read or is no image fails when the data view is read, naming the file.
    /// True: every image file is read and decoded once now (in parallel), and those that fail — unreadable, not an
    /// image, corrupt or truncated — are left out and listed in <see cref="ImageDataSet.Skipped"/>.
    /// </param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder has no class sub-folder, or a class sub-folder holds no image
    /// (with <paramref name="skipUnreadable"/>: no readable image).</exception>
    public static ImageDataSet Load(MLContext mlContext, string directory, int? limit = null, bool skipUnreadable = false)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        DataFiles.CheckLimit(limit);
        IReadOnlyList<(string ClassName, string[] Files)> classes = ListClasses(directory);
        IReadOnlyList<SkippedImage> skipped = [];
        if (skipUnreadable)
            (classes, skipped) = LeaveOutUnreadable(classes);
        List<(string Label, string Path)> files = Interleave(classes).Take(limit ?? int.MaxValue).ToList();
        IEnumerable<ImageRow> rows = files.Select(f => new ImageRow { Label = f.Label, Image = ReadImage(f.Path) });
        return new ImageDataSet(
            mlContext.Data.LoadFromEnumerable(rows), classes.Select(c => c.ClassName).ToArray(), files.Count,
            $"image folder '{directory}'") { Skipped = skipped };
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

    private static (IReadOnlyList<(string ClassName, string[] Files)>, IReadOnlyList<SkippedImage>) LeaveOutUnreadable(
        IReadOnlyList<(string ClassName, string[] Files)> classes)
    {
        string[] all = classes.SelectMany(c => c.Files).ToArray();
        var reasons = new string?[all.Length];
        Parallel.For(0, all.Length, i =>
        {
            try
            {
                ImageDecoding.Verify(all[i]);
            }
            catch (ImageLoadException e)
            {
                reasons[i] = e.Message;
            }
        });
        var skipped = all.Select((path, i) => (path, reason: reasons[i]))
            .Where(f => f.reason is not null).Select(f => new SkippedImage(f.path, f.reason!)).ToList();
        var reasonOf = skipped.ToDictionary(f => f.Path, f => f.Reason, StringComparer.Ordinal);
        var kept = classes.Select(c => (c.ClassName, Files: c.Files.Where(f => !reasonOf.ContainsKey(f)).ToArray())).ToArray();
        for (int c = 0; c < kept.Length; c++)
        {
            if (kept[c].Files.Length == 0)
                throw new InvalidDataException(
                    $"Class '{kept[c].ClassName}' holds no readable image: all {classes[c].Files.Length} of its image files are unreadable, " +
                    $"the first: {reasonOf[classes[c].Files[0]]}");
        }
        return (kept, skipped);
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
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read image '{path}': {e.Message}", e);
        }
        ImageDecoding.CheckHeader(bytes, path);
        return bytes;
    }
}

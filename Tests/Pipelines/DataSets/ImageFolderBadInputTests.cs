using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Tests.Transforms;
using MlNetCnn.Transforms;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Tests.Pipelines.DataSets;

/// <summary>Bad files in an image folder: each fails naming the file, or with <c>skipUnreadable</c> is left out and listed.</summary>
[TestClass]
public sealed class ImageFolderBadInputTests
{
    /// <summary>The exception reading the rows raised, unwrapped from ML.NET's cursor wrappers.</summary>
    private static Exception ReadFails(ImageDataSet data)
    {
        Exception error = Assert.Throws<Exception>(() => DataSetTestFiles.Rows(data));
        while (error is InvalidOperationException or AggregateException && error.InnerException is not null)
            error = error.InnerException;
        return error;
    }

    [TestMethod]
    public void Load_EmptyClassFolder_ListsTheAcceptedExtensions()
    {
        using var files = new DataSetTestFiles();
        files.Write("cat/a.png", TestImages.Png(8));
        files.Write("dog/readme.txt", [1]);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageFolderDataSet.Load(new MLContext(), files.Root));

        StringAssert.Contains(e.Message, Path.Combine(files.Root, "dog"));
        foreach (string extension in new[] { ".jpg", ".png", ".webp", ".tiff", ".gif", ".bmp" })
            StringAssert.Contains(e.Message, extension);
    }

    [TestMethod]
    public void Read_FileThatIsNoImage_NamesTheFile()
    {
        using var files = new DataSetTestFiles();
        files.Write("cat/a.png", TestImages.Png(8));
        string bad = files.Write("dog/b.jpg", "not a jpeg"u8.ToArray());

        var error = ReadFails(ImageFolderDataSet.Load(new MLContext(), files.Root));

        Assert.IsInstanceOfType<ImageLoadException>(error);
        StringAssert.Contains(error.Message, bad);
        StringAssert.Contains(error.Message, "expected an encoded image (BMP, GIF, JPEG");
    }

    [TestMethod]
    [DataRow(".png")]
    [DataRow(".jpg")]
    public void Read_TruncatedImage_NamesTheFileAndSaysTruncated(string extension)
    {
        using var files = new DataSetTestFiles();
        using var image = TestImages.Create(64, 64, TestImages.Pattern);
        byte[] encoded = TestImages.Encode(image, extension);
        files.Write("cat/a.png", TestImages.Png(8));
        string truncated = files.Write("dog/b" + extension, encoded[..(encoded.Length * 2 / 3)]);

        var error = ReadFails(ImageFolderDataSet.Load(new MLContext(), files.Root));

        StringAssert.Contains(error.Message, truncated);
        StringAssert.Contains(error.Message, "the file is truncated");
    }

    [TestMethod]
    public void Read_EmptyFile_NamesTheFile()
    {
        using var files = new DataSetTestFiles();
        files.Write("cat/a.png", TestImages.Png(8));
        string empty = files.Write("dog/b.png", []);

        var error = ReadFails(ImageFolderDataSet.Load(new MLContext(), files.Root));

        StringAssert.Contains(error.Message, empty);
        StringAssert.Contains(error.Message, "it is empty");
    }

    [TestMethod]
    public void Read_UnreadableFile_NamesTheFile()
    {
        using var files = new DataSetTestFiles();
        files.Write("cat/a.png", TestImages.Png(8));
        string dangling = Path.Combine(files.Root, "dog", "b.png");
        Directory.CreateDirectory(Path.GetDirectoryName(dangling)!);
        File.CreateSymbolicLink(dangling, Path.Combine(files.Root, "gone.png"));

        var error = ReadFails(ImageFolderDataSet.Load(new MLContext(), files.Root));

        Assert.IsInstanceOfType<IOException>(error);
        StringAssert.Contains(error.Message, $"Cannot read image '{dangling}'");
    }

    [TestMethod]
    public void Load_SkipUnreadable_LeavesOutAndListsEveryBadFile()
    {
        using var files = new DataSetTestFiles();
        byte[] png = TestImages.Png(32);
        files.Write("cat/good1.png", png);
        files.Write("cat/nested/good2.png", png);
        files.Write("dog/good3.png", png);
        string[] bad =
        [
            files.Write("cat/garbage.jpg", "not a jpeg"u8.ToArray()),
            files.Write("dog/empty.png", []),
            files.Write("dog/truncated.png", png[..(png.Length / 2)]),
            Path.Combine(files.Root, "dog", "dangling.png"),
        ];
        File.CreateSymbolicLink(bad[3], Path.Combine(files.Root, "gone.png"));

        ImageDataSet data = ImageFolderDataSet.Load(new MLContext(), files.Root, skipUnreadable: true);

        Assert.AreEqual(3, data.Count);
        Assert.HasCount(3, DataSetTestFiles.Rows(data));
        CollectionAssert.AreEquivalent(bad, data.Skipped.Select(s => s.Path).ToArray());
        foreach (SkippedImage skipped in data.Skipped)
            StringAssert.Contains(skipped.Reason, skipped.Path);
    }

    [TestMethod]
    public void Load_SkipUnreadableEveryImageOfAClass_NamesTheClassAndAFile()
    {
        using var files = new DataSetTestFiles();
        files.Write("cat/a.png", TestImages.Png(8));
        string bad = files.Write("dog/b.png", "not a png"u8.ToArray());

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageFolderDataSet.Load(new MLContext(), files.Root, skipUnreadable: true));

        StringAssert.Contains(e.Message, "Class 'dog' holds no readable image: all 1 of its image files are unreadable");
        StringAssert.Contains(e.Message, bad);
    }

    [TestMethod]
    [DataRow(".png")]
    [DataRow(".jpg")]
    [DataRow(".webp")]
    [DataRow(".bmp")]
    [DataRow(".tif")]
    public void Verify_TruncatedFile_NamesTheFile(string extension)
    {
        using var files = new DataSetTestFiles();
        using var image = TestImages.Create(64, 64, TestImages.Pattern);
        byte[] encoded = TestImages.Encode(image, extension);
        string path = files.Write("truncated" + extension, encoded[..(encoded.Length / 2)]);

        var error = Assert.ThrowsExactly<ImageLoadException>(() => ImageDecoding.Verify(path));

        StringAssert.Contains(error.Message, path);
    }
}

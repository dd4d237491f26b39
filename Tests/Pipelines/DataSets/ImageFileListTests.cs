using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.DataSets;

[TestClass]
public sealed class ImageFileListTests
{
    [TestMethod]
    public void Resolve_FolderGlobAndFile_ImagesInArgumentThenPathOrderEachOnce()
    {
        using var files = new DataSetTestFiles();
        string a = files.Write("one/b.png", [1]);
        string b = files.Write("one/a.jpg", [1]);
        files.Write("one/notes.txt", [1]);
        string c = files.Write("two/deep/c.png", [1]);
        string d = files.Write("two/d.PNG", [1]);

        var resolved = ImageFileList.Resolve([c, Path.Combine(files.Root, "one"), Path.Combine(files.Root, "two", "**", "*.png")]);

        CollectionAssert.AreEqual(new[] { c, b, a }, resolved.ToArray(), string.Join("\n", resolved));
        Assert.DoesNotContain(d, resolved, "the glob is case-sensitive, as a shell's is");
    }

    [TestMethod]
    public void Resolve_GlobOneLevel_MatchesOnlyThatFolder()
    {
        using var files = new DataSetTestFiles();
        string top = files.Write("x/1.png", [1]);
        files.Write("x/sub/2.png", [1]);

        CollectionAssert.AreEqual(new[] { top }, ImageFileList.Resolve([Path.Combine(files.Root, "x", "?.png")]).ToArray());
    }

    [TestMethod]
    public void Resolve_EmptyFolder_ThrowsNamingItAndTheExtensions()
    {
        using var files = new DataSetTestFiles();
        files.Write("empty/readme.txt", [1]);
        string folder = Path.Combine(files.Root, "empty");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => ImageFileList.Resolve([folder]));

        StringAssert.Contains(error.Message, $"Folder '{folder}' holds no image files");
        StringAssert.Contains(error.Message, ".png");
    }
}

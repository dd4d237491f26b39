using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using MlNetCnn.Models.IO;
using MlNetCnn.Pipelines.DataSets.Downloads;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Pipelines.DataSets.Downloads;

[TestClass]
public sealed class DataSetDownloaderTests
{
    private static readonly byte[] Payload = "a small synthetic data file"u8.ToArray();

    [TestMethod]
    public void Download_GoodFile_KeepsItUnderTheDataSetName()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        server.Serve("good.bin", Payload);

        string folder = Downloader(server, cache).Download(Table("good.bin", Payload));

        Assert.AreEqual(Path.Combine(cache.Root, "tiny"), folder);
        CollectionAssert.AreEqual(Payload, File.ReadAllBytes(Path.Combine(folder, "good.bin")));
        CollectionAssert.AreEqual(new[] { "good.bin" }, Names(folder));
    }

    [TestMethod]
    public void Download_SecondCall_MakesNoRequest()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        server.Serve("good.bin", Payload);
        DataSetDownloader downloader = Downloader(server, cache);

        downloader.Download(Table("good.bin", Payload));
        downloader.Download(Table("good.bin", Payload));

        Assert.AreEqual(1, server.RequestCount("good.bin"));
    }

    [TestMethod]
    public void Download_CorruptedFile_ThrowsWithBothChecksumsAndLeavesNothing()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        byte[] corrupted = [.. Payload];
        corrupted[3] ^= 0xFF;
        server.Serve("bad.bin", corrupted);

        var e = Assert.ThrowsExactly<DownloadException>(() => Downloader(server, cache).Download(Table("bad.bin", Payload)));

        StringAssert.Contains(e.Message, server.BaseUrl + "bad.bin");
        StringAssert.Contains(e.Message, "expected MD5 " + Md5(Payload));
        StringAssert.Contains(e.Message, "got " + Md5(corrupted));
        AssertNothingLeft(cache);
    }

    [TestMethod]
    public void Download_ServerError_ThrowsWithTheStatusAndLeavesNothing()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        server.Serve("error.bin", new LoopbackHttpServer.Reply(500, "boom"u8.ToArray()));

        var e = Assert.ThrowsExactly<DownloadException>(() => Downloader(server, cache).Download(Table("error.bin", Payload)));

        StringAssert.Contains(e.Message, server.BaseUrl + "error.bin");
        StringAssert.Contains(e.Message, "HTTP 500");
        AssertNothingLeft(cache);
    }

    [TestMethod]
    public void Download_TruncatedTransfer_ThrowsWithTheLengthsAndLeavesNothing()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        server.Serve("cut.bin", new LoopbackHttpServer.Reply(200, Payload, DeclaredLength: 1_000));

        var e = Assert.ThrowsExactly<DownloadException>(() => Downloader(server, cache).Download(Table("cut.bin", Payload)));

        StringAssert.Contains(e.Message, server.BaseUrl + "cut.bin");
        StringAssert.Contains(e.Message, $"after {Payload.Length} bytes of the 1,000 declared");
        AssertNothingLeft(cache);
    }

    [TestMethod]
    public void Download_NoServer_ThrowsNamingTheUrl()
    {
        using var cache = new DataSetTestFiles();
        Uri nowhere;
        using (var server = new LoopbackHttpServer())
            nowhere = server.BaseUrl;
        var downloader = new DataSetDownloader(new DownloadOptions { CacheDirectory = cache.Root, BaseUrl = nowhere });

        var e = Assert.ThrowsExactly<DownloadException>(() => downloader.Download(Table("any.bin", Payload)));

        StringAssert.Contains(e.Message, nowhere + "any.bin");
        StringAssert.Contains(e.Message, "no answer from the server");
        AssertNothingLeft(cache);
    }

    [TestMethod]
    public void Download_TarGzArchive_ExtractsItsDataFolder()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        byte[] archive = TarGz(("batches/data.bin", Payload));
        server.Serve("set.tar.gz", archive);

        string folder = Downloader(server, cache).Download(Table("set.tar.gz", archive) with { DataFolder = "batches" });

        Assert.AreEqual(Path.Combine(cache.Root, "tiny", "batches"), folder);
        CollectionAssert.AreEqual(Payload, File.ReadAllBytes(Path.Combine(folder, "data.bin")));
        CollectionAssert.AreEqual(new[] { "batches", "set.tar.gz" }, Names(Path.Combine(cache.Root, "tiny")));
    }

    [TestMethod]
    public void Download_TarGzWithParentEntry_IsRefusedAndLeavesNothing()
    {
        using var server = new LoopbackHttpServer();
        using var cache = new DataSetTestFiles();
        byte[] archive = TarGz(("batches/data.bin", Payload), ("../escaped.bin", Payload));
        server.Serve("evil.tar.gz", archive);

        var e = Assert.ThrowsExactly<InvalidDataException>(
            () => Downloader(server, cache).Download(Table("evil.tar.gz", archive) with { DataFolder = "batches" }));

        StringAssert.Contains(e.Message, "'../escaped.bin'");
        StringAssert.Contains(e.Message, "outside the target folder");
        AssertNothingLeft(cache);
    }

    [TestMethod]
    [DataRow("/tmp/absolute.bin", false, "'/tmp/absolute.bin'")]
    [DataRow("a/../../up.bin", false, "outside the target folder")]
    [DataRow("link", true, "SymbolicLink")]
    public void Extract_UnsafeEntry_IsRefusedNamingIt(string name, bool link, string expected)
    {
        using var files = new DataSetTestFiles();
        string archive = files.Write("unsafe.tar.gz", TarGz((name, link ? null : Payload)));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => SafeTarExtractor.Extract(archive, Path.Combine(files.Root, "out")));

        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, archive);
    }

    [TestMethod]
    public void Extract_DotFolderEntries_AreAccepted()
    {
        using var files = new DataSetTestFiles();
        string archive = files.Write("dots.tar.gz", TarGz((".", []), ("./", []), ("./sub/x.bin", Payload)));
        string target = Path.Combine(files.Root, "out");

        SafeTarExtractor.Extract(archive, target);

        CollectionAssert.AreEqual(Payload, File.ReadAllBytes(Path.Combine(target, "sub", "x.bin")));
    }

    [TestMethod]
    public void ResolveCacheDirectory_OptionThenVariableThenDefault()
    {
        Assert.AreEqual("/given", new DownloadOptions { CacheDirectory = "/given" }.ResolveCacheDirectory());
        string? before = Environment.GetEnvironmentVariable(DownloadOptions.CacheVariable);
        try
        {
            Environment.SetEnvironmentVariable(DownloadOptions.CacheVariable, "/from-variable");
            Assert.AreEqual("/from-variable", new DownloadOptions().ResolveCacheDirectory());
            Environment.SetEnvironmentVariable(DownloadOptions.CacheVariable, null);
            StringAssert.EndsWith(new DownloadOptions().ResolveCacheDirectory(), Path.Combine("mlnetcnn", "data"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DownloadOptions.CacheVariable, before);
        }
    }

    [TestMethod]
    public void PublicDataSets_EveryFile_HasAnMd5AndAnHttpAddress()
    {
        foreach (DataSetFiles set in PublicDataSets.All)
        {
            Assert.IsTrue(set.BaseUrl.Scheme.StartsWith("http"), set.Name);
            foreach (DataSetFile file in set.Files)
                Assert.IsTrue(file.Md5.Length == 32 && file.Md5.All(Uri.IsHexDigit), $"{set.Name}/{file.Name}: {file.Md5}");
        }
        CollectionAssert.AreEqual(new[] { "cifar-10-binary.tar.gz" }, PublicDataSets.Cifar10.Files.Select(f => f.Name).ToArray());
    }

    [TestMethod]
    public void PublicDataSets_MnistTables_ListTheFourIdxFiles()
    {
        foreach (DataSetFiles set in new[] { PublicDataSets.Mnist, PublicDataSets.FashionMnist })
        {
            CollectionAssert.AreEquivalent(
                new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" },
                set.Files.Select(f => f.Name).ToArray(), set.Name);
        }
    }

    private static DataSetDownloader Downloader(LoopbackHttpServer server, DataSetTestFiles cache) =>
        new(new DownloadOptions { CacheDirectory = cache.Root, BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromSeconds(20) });

    private static DataSetFiles Table(string name, byte[] content) =>
        new("tiny", new Uri("https://example.invalid/"), [new DataSetFile(name, Md5(content))]);

    private static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    private static string[] Names(string folder) =>
        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static void AssertNothingLeft(DataSetTestFiles cache)
    {
        string[] left = Directory.GetFileSystemEntries(cache.Root, "*", SearchOption.AllDirectories)
            .Where(File.Exists).ToArray();
        Assert.AreEqual(0, left.Length, "Left behind: " + string.Join(", ", left));
        Assert.IsFalse(Directory.Exists(Path.Combine(cache.Root, "tiny", "batches")));
    }

    /// <summary>A .tar.gz of the given entries: "." and names ending with '/' are folders, a null content a symbolic link to /etc/passwd.</summary>
    private static byte[] TarGz(params (string Name, byte[]? Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach ((string name, byte[]? content) in entries)
            {
                var entry = content is null ? new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = "/etc/passwd" }
                    : name == "." || name.EndsWith('/') ? new PaxTarEntry(TarEntryType.Directory, name)
                    : new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
                tar.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }
}

using MlNetCnn.Models.IO;
using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Registry;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Models.Pretrained;

[TestClass]
public sealed class TorchvisionWeightsTests
{
    private string _cache = "";

    [TestInitialize]
    public void CreateCache() => _cache = Path.Combine(Path.GetTempPath(), "mlnetcnn-weights-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteCache()
    {
        if (Directory.Exists(_cache)) Directory.Delete(_cache, recursive: true);
    }

    [TestMethod]
    public void Open_NotCached_DownloadsIntoTheCacheUnderTheTorchvisionName()
    {
        using var server = new LoopbackHttpServer();
        var (weights, served) = Published(server, "resnet18", PthFixtures.ResNet);

        using (var source = weights.Open(Context(server), CancellationToken.None))
            Assert.AreEqual(8, source.Keys.Count);

        Assert.AreEqual(1, server.RequestCount(served));
        CollectionAssert.AreEqual(new[] { weights.FileName }, CacheFiles());
        CollectionAssert.AreEqual(PthFixtures.Bytes(PthFixtures.ResNet), File.ReadAllBytes(Path.Combine(_cache, weights.FileName!)));
        Assert.IsTrue(weights.IsPresent(Context(server)));
    }

    [TestMethod]
    public void Open_SecondTime_DoesNotDownloadAgain()
    {
        using var server = new LoopbackHttpServer();
        var (weights, served) = Published(server, "resnet18", PthFixtures.ResNet);

        weights.Open(Context(server), CancellationToken.None).Dispose();
        weights.Open(Context(server), CancellationToken.None).Dispose();

        Assert.AreEqual(1, server.RequestCount(served));
    }

    [TestMethod]
    public void Open_FileAlreadyInTheCache_IsUsedWithoutTheNetwork()
    {
        using var server = new LoopbackHttpServer();
        var (weights, served) = Published(server, "resnet18", PthFixtures.ResNet);
        Directory.CreateDirectory(_cache);
        File.Copy(PthFixtures.PathOf(PthFixtures.ResNet), Path.Combine(_cache, weights.FileName!));

        using var source = weights.Open(Context(server) with { AllowDownload = false }, CancellationToken.None);

        Assert.AreEqual(8, source.Keys.Count);
        Assert.AreEqual(0, server.RequestCount(served));
    }

    [TestMethod]
    public void Open_HashMismatch_IsRefusedAndLeavesNothingInTheCache()
    {
        using var server = new LoopbackHttpServer();
        var weights = TorchvisionWeights.Create("resnet18", new Uri(TorchvisionWeights.BaseUrl, "resnet18-0badf00d.pth"), "test");
        server.Serve("models/resnet18-0badf00d.pth", PthFixtures.Bytes(PthFixtures.ResNet));

        var e = Assert.ThrowsExactly<DownloadException>(() => weights.Open(Context(server), CancellationToken.None));

        StringAssert.Contains(e.Message, "expected SHA-256 starting with 0badf00d");
        StringAssert.Contains(e.Message, "got " + PthFixtures.HashPrefix(PthFixtures.ResNet));
        Assert.AreEqual(0, CacheFiles().Length, string.Join(", ", CacheFiles()));
    }

    [TestMethod]
    public void Open_NotOnTheServer_ErrorNamesTheUrlAndTheCachePath()
    {
        using var server = new LoopbackHttpServer();
        var weights = TorchvisionWeights.Create("resnet18", new Uri(TorchvisionWeights.BaseUrl, "resnet18-0badf00d.pth"), "test");

        var e = Assert.ThrowsExactly<DownloadException>(() => weights.Open(Context(server), CancellationToken.None));

        StringAssert.Contains(e.Message, server.BaseUrl + "models/resnet18-0badf00d.pth");
        StringAssert.Contains(e.Message, "HTTP 404");
        AssertNamesTheFileAndWhereToPutIt(e.Message, weights);
        Assert.AreEqual(0, CacheFiles().Length);
    }

    [TestMethod]
    public void Open_ConnectionRefused_ErrorNamesTheUrlAndTheCachePath()
    {
        Uri nowhere;
        using (var server = new LoopbackHttpServer())
            nowhere = server.BaseUrl;
        var weights = TorchvisionWeights.Create("resnet18", new Uri(TorchvisionWeights.BaseUrl, "resnet18-0badf00d.pth"), "test");

        var e = Assert.ThrowsExactly<DownloadException>(
            () => weights.Open(new WeightsContext(_cache, BaseAddress: nowhere), CancellationToken.None));

        StringAssert.Contains(e.Message, nowhere + "models/resnet18-0badf00d.pth");
        StringAssert.Contains(e.Message, "no answer from the server");
        AssertNamesTheFileAndWhereToPutIt(e.Message, weights);
    }

    [TestMethod]
    public void Open_DownloadsOffAndFileMissing_ThrowsSayingWhereToPutIt()
    {
        using var server = new LoopbackHttpServer();
        var (weights, served) = Published(server, "resnet18", PthFixtures.ResNet);

        var e = Assert.ThrowsExactly<FileNotFoundException>(
            () => weights.Open(Context(server) with { AllowDownload = false }, CancellationToken.None));

        StringAssert.Contains(e.Message, "AllowDownload is false");
        AssertNamesTheFileAndWhereToPutIt(e.Message, weights);
        Assert.AreEqual(0, server.RequestCount(served));
    }

    [TestMethod]
    public void Open_CachedFileWithAnotherHash_IsRefusedNamingIt()
    {
        using var server = new LoopbackHttpServer();
        var weights = TorchvisionWeights.Create("resnet18", new Uri(TorchvisionWeights.BaseUrl, "resnet18-0badf00d.pth"), "test");
        Directory.CreateDirectory(_cache);
        string cached = Path.Combine(_cache, weights.FileName!);
        File.Copy(PthFixtures.PathOf(PthFixtures.ResNet), cached);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => weights.Open(Context(server), CancellationToken.None));

        StringAssert.Contains(e.Message, cached);
        StringAssert.Contains(e.Message, "expected SHA-256 starting with 0badf00d");
    }

    [TestMethod]
    public void Open_DenseNetFile_ComesWithTodaysKeyNames()
    {
        using var server = new LoopbackHttpServer();
        var (weights, _) = Published(server, "densenet121", PthFixtures.DenseNet);

        using var source = weights.Open(Context(server), CancellationToken.None);

        Assert.IsTrue(source.Keys.ContainsKey("features.denseblock1.denselayer1.norm1.weight"));
        Assert.IsFalse(source.Keys.Keys.Any(k => k.Contains(".norm.1.", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Open_GoogLeNetFile_ComesWithoutAuxiliaryHeads()
    {
        using var server = new LoopbackHttpServer();
        var (weights, _) = Published(server, "googlenet", PthFixtures.GoogLeNet);

        using var source = weights.Open(Context(server), CancellationToken.None);

        Assert.IsFalse(source.Keys.Keys.Any(k => k.StartsWith("aux", StringComparison.Ordinal)));
        CollectionAssert.AreEqual(new[] { 0.5f, 0.5f, 0.5f }, weights.Preprocessing.Mean);
    }

    [TestMethod]
    public void Entries_CoverTheTorchvisionArchitecturesOfTheRegistry()
    {
        CollectionAssert.AreEquivalent(
            new[] { "resnet18", "resnet34", "resnet50", "alexnet", "vgg11", "vgg11_bn", "vgg16", "vgg16_bn", "googlenet", "densenet121", "mobilenet_v2" },
            TorchvisionWeights.Entries.Select(w => w.Architecture).ToArray());
    }

    [TestMethod]
    public void Entries_EveryEntry_IsWellFormed()
    {
        foreach (var weights in TorchvisionWeights.Entries)
        {
            string what = weights.Architecture;
            Assert.AreEqual(weights.Architecture, ArchitectureRegistry.Get(weights.Architecture).Name);
            Assert.AreEqual("imagenet", weights.Name, what);
            Assert.AreEqual(WeightsAvailability.Download, weights.Availability, what);
            StringAssert.StartsWith(weights.Source, "https://download.pytorch.org/models/", what);
            Assert.AreEqual(weights.Source, "https://download.pytorch.org/models/" + weights.FileName, what);
            StringAssert.Matches(weights.FileName!, new System.Text.RegularExpressions.Regex(@"^[a-z0-9_]+(-owt)?-[0-9a-f]{8}\.pth$"), what);
            StringAssert.EndsWith(weights.FileName!, $"-{weights.Sha256}.pth", what);
            StringAssert.StartsWith(weights.FileName!, weights.Architecture, what);
            Assert.AreEqual(1000, weights.Classes, what);
            Assert.AreEqual(224, weights.Preprocessing.ImageSize, what);
            Assert.AreEqual(3, weights.Preprocessing.Mean.Length, what);
            Assert.AreEqual(3, weights.Preprocessing.Std.Length, what);
            StringAssert.Contains(weights.Description, "SHA-256 prefix", what);
            Assert.AreSame(weights, PretrainedCatalog.Get(weights.Architecture, "imagenet"), what);
        }
    }

    [TestMethod]
    public void Entries_ImageNetNormalisation_IsTorchvisions()
    {
        var resnet = PretrainedCatalog.Get("resnet18", "imagenet");

        CollectionAssert.AreEqual(new[] { 0.485f, 0.456f, 0.406f }, resnet.Preprocessing.Mean);
        CollectionAssert.AreEqual(new[] { 0.229f, 0.224f, 0.225f }, resnet.Preprocessing.Std);
        Assert.AreEqual("resnet18-f37072fd.pth", resnet.FileName);
        Assert.AreEqual("f37072fd", resnet.Sha256);
    }

    [TestMethod]
    [DataRow("resnet18.pth")]
    [DataRow("resnet18-f37072fd.pt")]
    [DataRow("resnet18-f37072zz.pth")]
    public void HashPrefixOf_NotATorchvisionName_ThrowsNamingIt(string fileName)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TorchvisionWeights.HashPrefixOf(fileName));

        StringAssert.Contains(e.Message, fileName);
    }

    /// <summary>An entry for <paramref name="architecture"/> whose file is <paramref name="fixture"/>, named as torchvision names files, and served.</summary>
    private static (PretrainedWeights Weights, string ServedPath) Published(LoopbackHttpServer server, string architecture, string fixture)
    {
        string fileName = $"{architecture}-{PthFixtures.HashPrefix(fixture)}.pth";
        server.Serve("models/" + fileName, PthFixtures.Bytes(fixture));
        return (TorchvisionWeights.Create(architecture, new Uri(TorchvisionWeights.BaseUrl, fileName), "test"), "models/" + fileName);
    }

    private WeightsContext Context(LoopbackHttpServer server) => new(_cache, BaseAddress: server.BaseUrl);

    private string[] CacheFiles() => Directory.Exists(_cache)
        ? [.. Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>()]
        : [];

    private void AssertNamesTheFileAndWhereToPutIt(string message, PretrainedWeights weights)
    {
        StringAssert.Contains(message, weights.Source);
        StringAssert.Contains(message, Path.Combine(_cache, weights.FileName!));
        StringAssert.Contains(message, "place it as");
    }
}

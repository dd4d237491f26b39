using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models.Pretrained;

[TestClass]
public sealed class PthStateDictTests
{
    /// <summary>The keys of resnet_tiny.pth in the order make_fixtures.py wrote them, with their shapes.</summary>
    private static readonly (string Key, long[] Shape)[] ResNetKeys =
    [
        ("conv1.weight", [4, 3, 3, 3]), ("bn1.weight", [4]), ("bn1.bias", [4]), ("bn1.running_mean", [4]),
        ("bn1.running_var", [4]), ("bn1.num_batches_tracked", []), ("fc.weight", [2, 4]), ("fc.bias", [2]),
    ];

    [TestMethod]
    public void Read_TorchSavedFile_TensorsEqualWhatTorchSaved()
    {
        using var source = PthStateDict.Read(PthFixtures.PathOf(PthFixtures.ResNet), "tiny", TorchvisionKeys.Same);

        CollectionAssert.AreEquivalent(ResNetKeys.Select(k => k.Key).ToArray(), source.Keys.Keys.ToArray());
        for (int n = 0; n < ResNetKeys.Length; n++)
        {
            var (key, shape) = ResNetKeys[n];
            using var tensor = source.Read(key);
            CollectionAssert.AreEqual(shape, tensor.shape, key);
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.AreEqual(ScalarType.Int64, tensor.dtype, key);
                Assert.AreEqual(PthFixtures.BatchCounter(n), tensor.ToInt64(), key);
            }
            else
            {
                Assert.AreEqual(ScalarType.Float32, tensor.dtype, key);
                CollectionAssert.AreEqual(PthFixtures.Values(n, tensor.numel()), tensor.data<float>().ToArray(), key);
            }
        }
    }

    [TestMethod]
    public void Read_IntoMatchingNetwork_WeightLoaderCopiesEveryKey()
    {
        using var network = new TinyResNet();
        using var source = PthStateDict.Read(PthFixtures.PathOf(PthFixtures.ResNet), "tiny", TorchvisionKeys.Same);

        var result = WeightLoader.Load(network, source);

        Assert.AreEqual(ResNetKeys.Length, result.Loaded.Count);
        CollectionAssert.AreEqual(PthFixtures.Values(6, 8), network.state_dict()["fc.weight"].data<float>().ToArray());
        Assert.AreEqual(PthFixtures.BatchCounter(5), network.state_dict()["bn1.num_batches_tracked"].reshape(1).ToInt64());
        Assert.IsTrue(network.parameters().All(p => p.requires_grad), "Loaded parameters must stay trainable.");
    }

    [TestMethod]
    public void Read_DenseNetOldKeys_AreRenamed()
    {
        using var source = PthStateDict.Read(PthFixtures.PathOf(PthFixtures.DenseNet), "dense", TorchvisionKeys.DenseNet);

        const string layer = "features.denseblock1.denselayer1.";
        CollectionAssert.AreEquivalent(
            new[]
            {
                "features.conv0.weight", layer + "norm1.weight", layer + "norm1.bias", layer + "norm1.running_mean",
                layer + "norm1.running_var", layer + "conv1.weight", layer + "norm2.weight", layer + "norm2.bias",
                layer + "norm2.running_mean", layer + "norm2.running_var", layer + "conv2.weight", "classifier.weight", "classifier.bias",
            },
            source.Keys.Keys.ToArray());
        using var conv1 = source.Read(layer + "conv1.weight");
        CollectionAssert.AreEqual(PthFixtures.Values(5, 32), conv1.data<float>().ToArray());
    }

    [TestMethod]
    public void Read_GoogLeNetAuxiliaryHeads_AreDropped()
    {
        using var source = PthStateDict.Read(PthFixtures.PathOf(PthFixtures.GoogLeNet), "inception", TorchvisionKeys.GoogLeNet);

        Assert.IsFalse(source.Keys.Keys.Any(k => k.StartsWith("aux", StringComparison.Ordinal)), string.Join(", ", source.Keys.Keys));
        CollectionAssert.IsSubsetOf(new[] { "conv1.conv.weight", "conv1.bn.num_batches_tracked", "fc.weight", "fc.bias" }, source.Keys.Keys.ToArray());
        Assert.AreEqual(8, source.Keys.Count);
    }

    [TestMethod]
    public void Read_PickleThatWouldRunCode_IsRefusedWithoutRunningIt()
    {
        string path = PthFixtures.PathOf(PthFixtures.RunsCode);

        var e = Assert.ThrowsExactly<InvalidDataException>(() => PthStateDict.Read(path, "payload", TorchvisionKeys.Same));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "system", "Razorvine's unpickler names the callable it refused to construct.");
        Assert.IsFalse(File.Exists("pickle_code_ran.txt"), "The unpickler ran the file's os.system call.");
    }

    [TestMethod]
    public void Read_NotAStateDict_ThrowsNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-not-a-pth-{Guid.NewGuid():N}.pth");
        File.WriteAllText(path, "not a zip file");
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => PthStateDict.Read(path, "text", TorchvisionKeys.Same));

            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "expected a state dict saved by torch.save");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The modules of resnet_tiny.pth under torchvision's names.</summary>
    private sealed class TinyResNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1 = nn.Conv2d(3, 4, 3, bias: false);
        private readonly BatchNorm2d bn1 = nn.BatchNorm2d(4);
        private readonly Linear fc = nn.Linear(4, 2);

        public TinyResNet() : base(nameof(TinyResNet)) => RegisterComponents();

        public override Tensor forward(Tensor input) => fc.forward(bn1.forward(conv1.forward(input)).mean([2, 3]));
    }
}

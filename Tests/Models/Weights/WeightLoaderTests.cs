using System.Text;
using MlNetCnn.Models.Architectures;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Tests.Models.Weights;

[TestClass]
public sealed class WeightLoaderTests
{
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlnetcnn-weights-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private string WeightsPath => Path.Combine(_folder, "w.safetensors");

    private ImageClassifierNetwork CreateAndSave(string name, ModelSpec spec)
    {
        var network = ArchitectureRegistry.Create(name, spec);
        WeightSaver.Save(network, WeightsPath);
        return network;
    }

    [TestMethod]
    public void SaveThenLoad_ResNetCifar_GivesIdenticalOutputs()
    {
        manual_seed(1);
        using var source = ArchitectureRegistry.Create("se_resnet18_cifar", new ModelSpec(3, 10, 16));
        using (no_grad()) source.forward(randn(4, 3, 16, 16)).Dispose(); // non-trivial BatchNorm statistics
        source.eval();
        string path = Path.Combine(_folder, "w.safetensors");
        WeightSaver.Save(source, path, new Dictionary<string, string> { ["arch"] = "se_resnet18_cifar" });

        manual_seed(2);
        using var target = ArchitectureRegistry.Create("se_resnet18_cifar", new ModelSpec(3, 10, 16));
        var result = WeightLoader.Load(target, path);
        target.eval();

        Assert.AreEqual(source.state_dict().Count, result.Loaded.Count);
        using var x = randn(2, 3, 16, 16);
        using (no_grad())
            Assert.IsTrue(source.forward(x).equal(target.forward(x)).all().item<bool>());
        Assert.AreEqual(1L, target.state_dict()["bn1.num_batches_tracked"].item<long>());
        using var reader = new SafeTensorsReader(path);
        Assert.AreEqual("se_resnet18_cifar", reader.Metadata["arch"]);
        Assert.AreEqual(SafeTensorsDType.I64, reader.Entries["bn1.num_batches_tracked"].DType);
        Assert.IsEmpty(Directory.GetFiles(_folder, "*.tmp-*"));
    }

    [TestMethod]
    public void Load_OtherArchitectureAndClassCount_FailsOnceListingEveryDifference()
    {
        var plain = new Dictionary<string, string> { ["use_residual"] = "false" }; // no shortcut projections
        using var source = CreateAndSave("se_resnet18_cifar", new ModelSpec(3, 10, Settings: plain));
        using var target = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 7));

        var error = Assert.ThrowsExactly<WeightMismatchException>(() => WeightLoader.Load(target, WeightsPath));
        Assert.HasCount(3 * 5, error.Missing);    // 3 projections × conv weight + BN weight, bias, mean, var (batch counters are lenient)
        Assert.HasCount(8 * 4, error.Unexpected); // 8 blocks × se.fc1/fc2 weight and bias
        Assert.HasCount(2, error.Misshaped);
        StringAssert.Contains(error.Message, "15 missing, 32 unexpected, 2 mis-shaped");
        StringAssert.Contains(error.Message, "layer2.0.downsample.0.weight [128, 64, 1, 1]");
        StringAssert.Contains(error.Message, "layer1.0.se.fc1.weight [4, 64, 1, 1]");
        StringAssert.Contains(error.Message, "fc.weight: network [7, 512], file [10, 512]");
    }

    [TestMethod]
    public void Load_SkippingTheClassifier_LoadsTheRestAndKeepsTheHead()
    {
        using var source = CreateAndSave("resnet18_cifar", new ModelSpec(3, 10));
        using var target = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 4));
        using var head = target.state_dict()["fc.weight"].clone();

        var result = WeightLoader.Load(target, WeightsPath, skipPrefix: "fc.");
        CollectionAssert.AreEquivalent(new[] { "fc.weight", "fc.bias" }, result.Kept.ToArray());
        Assert.IsTrue(head.equal(target.state_dict()["fc.weight"]).all().item<bool>());
        Assert.IsTrue(source.state_dict()["layer4.1.conv2.weight"].equal(target.state_dict()["layer4.1.conv2.weight"]).all().item<bool>());
    }

    [TestMethod]
    public void Load_HandBuiltFile_ConvertsF16Bf16F64AndToleratesMissingBatchCounter()
    {
        using var network = Sequential(("0", Conv2d(1, 2, 1)), ("1", BatchNorm2d(2)));
        string path = Path.Combine(_folder, "tiny.safetensors");
        // conv weight [2,1,1,1] F16 (1.5, -2), conv bias [2] BF16 (0.5, 3), BN weight/bias F64, BN mean/var F32; no num_batches_tracked.
        var data = new List<byte>();
        data.AddRange(BitConverter.GetBytes((Half)1.5f)); data.AddRange(BitConverter.GetBytes((Half)(-2f)));
        data.AddRange(new byte[] { 0x00, 0x3F, 0x40, 0x40 });                        // BF16 0.5 = 0x3F00, 3.0 = 0x4040
        foreach (double v in new[] { 2.0, 4.0, 0.25, -1.0 }) data.AddRange(BitConverter.GetBytes(v));
        foreach (float v in new[] { 0.1f, 0.2f, 1f, 9f }) data.AddRange(BitConverter.GetBytes(v));
        string header = """
            {"__metadata__":{"format":"pt"},
             "0.weight":{"dtype":"F16","shape":[2,1,1,1],"data_offsets":[0,4]},
             "0.bias":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},
             "1.weight":{"dtype":"F64","shape":[2],"data_offsets":[8,24]},
             "1.bias":{"dtype":"F64","shape":[2],"data_offsets":[24,40]},
             "1.running_mean":{"dtype":"F32","shape":[2],"data_offsets":[40,48]},
             "1.running_var":{"dtype":"F32","shape":[2],"data_offsets":[48,56]}}
            """;
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, BitConverter.GetBytes((long)headerBytes.Length).Concat(headerBytes).Concat(data).ToArray());

        var result = WeightLoader.Load(network, path);
        CollectionAssert.AreEqual(new[] { "1.num_batches_tracked" }, result.Kept.ToArray());
        var state = network.state_dict();
        CollectionAssert.AreEqual(new[] { 1.5f, -2f }, state["0.weight"].data<float>().ToArray());
        CollectionAssert.AreEqual(new[] { 0.5f, 3f }, state["0.bias"].data<float>().ToArray());
        CollectionAssert.AreEqual(new[] { 0.25f, -1f }, state["1.bias"].data<float>().ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 9f }, state["1.running_var"].data<float>().ToArray());
    }

    [TestMethod]
    public void Open_TruncatedFile_FailsNamingTheProblem()
    {
        string path = Path.Combine(_folder, "bad.safetensors");
        byte[] header = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""");
        File.WriteAllBytes(path, BitConverter.GetBytes((long)header.Length).Concat(header).Concat(new byte[8]).ToArray());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => new SafeTensorsReader(path));
        StringAssert.Contains(error.Message, "data_offsets [0, 16]");
    }
}

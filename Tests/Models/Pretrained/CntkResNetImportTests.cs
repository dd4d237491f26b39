using System.Diagnostics;
using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using MlNetCnn.Tests.Support;
using Onnx;

namespace MlNetCnn.Tests.Models.Pretrained;

/// <summary>
/// <see cref="CntkResNetImport"/> on the real <c>ResNet18.onnx</c> of the package: every initializer gets one key, every
/// trunk key of <c>resnet18_cntk</c> gets a tensor, and the converted network computes what ONNX Runtime computes.
/// </summary>
[TestClass]
public sealed class CntkResNetImportTests
{
    private static GraphProto _graph = null!;
    private static StateDictSource _converted = null!;

    [ClassInitialize]
    public static void ConvertOnce(TestContext context)
    {
        var path = OfflineWeights.LocateResNet18Onnx();
        _graph = CntkResNetImport.ReadGraph(path);
        var watch = Stopwatch.StartNew();
        _converted = CntkResNetImport.Open(path);
        context.WriteLine($"ResNet18.onnx read and converted in {watch.ElapsedMilliseconds} ms");
    }

    [ClassCleanup]
    public static void Release() => _converted.Dispose();

    [TestMethod]
    public void MapKeys_ResNet18Onnx_UsesEveryInitializerOnceAndSetsEveryTrunkKey()
    {
        var keys = CntkResNetImport.MapKeys(_graph, "ResNet18.onnx");
        using var network = ArchitectureRegistry.Create(OfflineWeights.ResNet18CntkArchitecture, new ModelSpec(3, 1000));
        var trunk = network.state_dict().Keys.Where(k => !k.StartsWith("fc.", StringComparison.Ordinal) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal));

        Assert.HasCount(110, _graph.Initializer);
        CollectionAssert.AreEquivalent(_graph.Initializer.Select(t => t.Name).ToList(), keys.Keys.ToList());
        CollectionAssert.AreEquivalent(trunk.ToList(), keys.Values.ToList());
        Assert.AreEqual("layer4.2.conv2.weight", keys[_graph.Node.Last(n => n.OpType == "Conv").Input[1]]);
    }

    [TestMethod]
    public void Open_RealPhotoExactlyPreprocessed_TrunkFeaturesEqualOnnxRuntimes()
    {
        using var network = CntkResNetFixture.FeatureNetwork(_converted);
        var bgr = CntkResNetFixture.ExactInput(CntkResNetFixture.Photos(perClass: 1)[0]);

        var expected = CntkResNetFixture.OnnxFeatures(bgr);
        var actual = CntkResNetFixture.TorchFeatures(network, CntkResNetFixture.FlipChannels(bgr));

        Assert.HasCount(512, expected);
        Assert.IsGreaterThan(0.1f, expected.Max(), "features of a real photo should not vanish");
        Assert.IsLessThan(1e-4, TorchAssert.MaxAbsDifference(expected, actual));
    }

    [TestMethod]
    public void Reference_ResNet18Cntk_EqualsLearnableInitializersPlusHead()
    {
        var keys = CntkResNetImport.MapKeys(_graph, "ResNet18.onnx");
        long learnable = _graph.Initializer.Where(t => keys[t.Name].EndsWith(".weight", StringComparison.Ordinal) || keys[t.Name].EndsWith(".bias", StringComparison.Ordinal))
            .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
        var reference = ArchitectureRegistry.Get(OfflineWeights.ResNet18CntkArchitecture).References.Single(r => r.At.NumClasses == 1000);

        Assert.AreEqual(ReferenceSources.DnnImageFeaturizerOnnx, reference.Source);
        Assert.AreEqual(learnable + 512 * 1000 + 1000, reference.Parameters);
    }

    [TestMethod]
    public void MapKeys_StrayInitializer_FailsNamingIt()
    {
        var graph = _graph.Clone();
        graph.Initializer.Add(new TensorProto { Name = "Stray7", DataType = 1, Dims = { 1 }, FloatData = { 0f } });

        var e = Assert.ThrowsExactly<InvalidDataException>(() => CntkResNetImport.MapKeys(graph, "model.onnx"));

        StringAssert.Contains(e.Message, "model.onnx");
        StringAssert.Contains(e.Message, "Stray7");
    }

    [TestMethod]
    public void MapKeys_GraphWithoutResidualAdd_FailsSayingWhatItExpected()
    {
        var graph = new GraphProto { Node = { new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "y" } } } };

        var e = Assert.ThrowsExactly<InvalidDataException>(() => CntkResNetImport.MapKeys(graph, "model.onnx"));

        StringAssert.Contains(e.Message, "model.onnx: expected residual Add nodes");
    }
}

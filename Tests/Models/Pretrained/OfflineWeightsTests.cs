using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;

namespace MlNetCnn.Tests.Models.Pretrained;

/// <summary>
/// The offline ImageNet weights of <c>resnet18_cntk</c>: the package's file reaches the output, the catalog entry opens it,
/// it loads for transfer learning, and its per-channel preprocessing stays close to the exact per-pixel mean image.
/// </summary>
[TestClass]
public sealed class OfflineWeightsTests
{
    [TestMethod]
    public void LocateResNet18Onnx_TestOutput_FindsThePackagesFileNextToTheAssemblies()
    {
        string path = OfflineWeights.LocateResNet18Onnx();

        Assert.AreEqual(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, OfflineWeights.ResNet18OnnxRelativePath)), path);
        Assert.IsGreaterThan(60_000_000L, new FileInfo(path).Length);
    }

    [TestMethod]
    public void Locate_FileInNoFolder_FailsNamingBothPathsAndThePackage()
    {
        string first = Path.Combine(Path.GetTempPath(), "mlnetcnn-no-weights-a"), second = Path.Combine(Path.GetTempPath(), "mlnetcnn-no-weights-b");

        var e = Assert.ThrowsExactly<FileNotFoundException>(() => OfflineWeights.Locate(OfflineWeights.ResNet18OnnxRelativePath, [first, second]));

        StringAssert.Contains(e.Message, Path.GetFullPath(Path.Combine(first, OfflineWeights.ResNet18OnnxRelativePath)));
        StringAssert.Contains(e.Message, Path.GetFullPath(Path.Combine(second, OfflineWeights.ResNet18OnnxRelativePath)));
        StringAssert.Contains(e.Message, OfflineWeights.ResNet18OnnxPackage);
    }

    [TestMethod]
    public void Get_ResNet18CntkImagenet_IsOfflineWithoutHeadForARegisteredArchitecture()
    {
        var weights = PretrainedCatalog.Get("resnet18_cntk", "imagenet");

        Assert.AreSame(OfflineWeights.ResNet18CntkImageNet, weights);
        Assert.AreEqual(WeightsAvailability.Offline, weights.Availability);
        Assert.IsNull(weights.Classes);
        Assert.IsTrue(weights.IsPresent(WeightsContext.Default));
        Assert.AreEqual(ArchitectureRegistry.Get(weights.Architecture).DefaultImageSize, weights.Preprocessing.ImageSize);
        StringAssert.Contains(weights.Source, OfflineWeights.ResNet18OnnxPackage);
        StringAssert.Contains(weights.Preprocessing.Note, "cosine similarity");
    }

    [TestMethod]
    public void LoadTransfer_FiveClassHead_LoadsTheWholeTrunkAndKeepsTheFreshHead()
    {
        var weights = OfflineWeights.ResNet18CntkImageNet;
        var info = ArchitectureRegistry.Get(weights.Architecture);
        using var network = info.Create(new ModelSpec(3, 5));
        using var source = weights.Open(WeightsContext.Default, CancellationToken.None);

        var result = WeightLoader.LoadTransfer(network, source, info.ClassifierPrefix);

        Assert.HasCount(110, result.Loaded);
        CollectionAssert.AreEquivalent(new[] { "fc.weight", "fc.bias" },
            result.Kept.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList());
        using var first = source.Read("layer1.0.conv1.weight");
        Assert.IsTrue(network.state_dict()["layer1.0.conv1.weight"].equal(first).all().item<bool>());
    }

    [TestMethod]
    public void Open_RealPhotosWithTheDeclaredPreprocessing_FeaturesCosineSimilarToOnnxRuntimesExactAtLeast099()
    {
        // The whole offline path: conversion, conv1 in RGB scaled to the declared std, the per-channel mean, against
        // ResNet18.onnx on exactly what ResNetPreprocess.onnx makes of the same photo.
        var weights = OfflineWeights.ResNet18CntkImageNet;
        using var source = weights.Open(WeightsContext.Default, CancellationToken.None);
        using var network = CntkResNetFixture.FeatureNetwork(source);
        var preprocessing = weights.Preprocessing;
        foreach (var photo in CntkResNetFixture.Photos(perClass: 1))
        {
            var exact = CntkResNetFixture.OnnxFeatures(CntkResNetFixture.ExactInput(photo));
            var ours = CntkResNetFixture.TorchFeatures(network, CntkResNetFixture.Normalise(photo, preprocessing));

            Assert.IsGreaterThanOrEqualTo(0.99, CntkResNetFixture.Cosine(exact, ours));
        }
    }

    [TestMethod]
    public void Preprocessing_Std_IsNotCntks255ButConv1IsScaledToIt()
    {
        var preprocessing = OfflineWeights.ResNet18CntkImageNet.Preprocessing;
        using var plain = CntkResNetImport.Open(OfflineWeights.LocateResNet18Onnx());
        using var scaled = OfflineWeights.ResNet18CntkImageNet.Open(WeightsContext.Default, CancellationToken.None);
        using var plainConv1 = plain.Read("conv1.weight");
        using var scaledConv1 = scaled.Read("conv1.weight");

        for (int c = 0; c < 3; c++)
        {
            Assert.IsGreaterThan(0.2f, preprocessing.Std[c], "ImageNet's pixel std, not 1/255");
            using var ratio = scaledConv1.select(1, c).div(plainConv1.select(1, c));
            Assert.IsTrue(ratio.allclose(TorchSharp.torch.full_like(ratio, 255 * preprocessing.Std[c]), rtol: 1e-5, atol: 0),
                $"channel {c}: conv1 scaled by 255 × std");
        }
    }
}

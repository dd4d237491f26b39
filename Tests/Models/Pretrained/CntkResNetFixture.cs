using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetCnn.Models.Architectures;
using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using MlNetCnn.Transforms;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Models.Pretrained;

/// <summary>
/// What the tests of the offline ImageNet weights share: <c>ResNet18.onnx</c> in ONNX Runtime, its exact preprocessing
/// (RGB 0–255 to BGR minus the mean image of <c>ResNetPreprocess.onnx</c>, both from the package, in the test output),
/// and real photos from <c>samples/data/flowers-small</c>.
/// </summary>
internal static class CntkResNetFixture
{
    public const int Size = 224;
    private const int Features = 512;

    private static readonly Lazy<InferenceSession> Session = new(() => new InferenceSession(OfflineWeights.LocateResNet18Onnx()));

    private static readonly Lazy<float[]> MeanImage = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        return CntkResNetImport.ReadFloats(CntkResNetImport.ReadGraph(path).Initializer.Single(t => t.Name == "MeanImage"), path);
    });

    /// <summary>The first <paramref name="perClass"/> training photos of every class, as RGB CHW floats on 0–1 at 224×224.</summary>
    public static List<float[]> Photos(int perClass)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "data", "flowers-small", "train");
        var settings = new ImageTensorSettings(Size, Size);
        return Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).Take(perClass))
            .Select(path => ImageDecoding.DecodeFileToChw(path, settings)).ToList();
    }

    /// <summary>What <c>ResNetPreprocess.onnx</c> makes of an RGB photo: BGR on 0–255 minus the mean image.</summary>
    public static float[] ExactInput(float[] rgb)
    {
        var bgr = ToBgr(rgb, (value, _, _) => value * 255);
        var mean = MeanImage.Value;
        for (int i = 0; i < bgr.Length; i++) bgr[i] -= mean[i];
        return bgr;
    }

    /// <summary>The RGB photo normalised as <paramref name="preprocessing"/> says, in RGB order: the trainer's input.</summary>
    public static float[] Normalise(float[] rgb, WeightsPreprocessing preprocessing)
    {
        const int plane = Size * Size;
        var normalised = new float[rgb.Length];
        for (int i = 0; i < rgb.Length; i++)
            normalised[i] = (rgb[i] - preprocessing.Mean[i / plane]) / preprocessing.Std[i / plane];
        return normalised;
    }

    /// <summary>The 512 features of <c>ResNet18.onnx</c> for one BGR input.</summary>
    public static float[] OnnxFeatures(float[] bgr)
    {
        var session = Session.Value;
        var input = new DenseTensor<float>(bgr, [1, 3, Size, Size]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    /// <summary>
    /// <c>resnet18_cntk</c> with the converted weights whose head passes the 512 features through unchanged (a 512-class
    /// classifier with identity weights and zero bias), in evaluation mode: its logits are the trunk's features.
    /// </summary>
    public static ImageClassifierNetwork FeatureNetwork(StateDictSource converted)
    {
        var network = ArchitectureRegistry.Create(OfflineWeights.ResNet18CntkArchitecture, new ModelSpec(3, Features, Size));
        WeightLoader.LoadTransfer(network, converted, "fc.");
        using var identity = eye(Features);
        using var zero = zeros(Features);
        using var head = new TensorDictionarySource("identity head", new Dictionary<string, TorchSharp.torch.Tensor> { ["fc.weight"] = identity, ["fc.bias"] = zero });
        WeightLoader.Load(network, head, key => !key.StartsWith("fc.", StringComparison.Ordinal));
        network.eval();
        return network;
    }

    /// <summary>The 512 features of <paramref name="network"/> (see <see cref="FeatureNetwork"/>) for one RGB-order input.</summary>
    public static float[] TorchFeatures(ImageClassifierNetwork network, float[] rgbOrder)
    {
        using var _ = no_grad();
        using var input = tensor(rgbOrder, [1, 3, Size, Size]);
        using var output = network.forward(input);
        return output.data<float>().ToArray();
    }

    /// <summary>Reverses the channel order of a CHW image (BGR ↔ RGB).</summary>
    public static float[] FlipChannels(float[] chw) => ToBgr(chw, (value, _, _) => value);

    /// <summary>The cosine similarity of two vectors.</summary>
    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) (dot, aa, bb) = (dot + a[i] * b[i], aa + a[i] * a[i], bb + b[i] * b[i]);
        return dot / Math.Sqrt(aa * bb);
    }

    /// <summary>Reverses the channels of an RGB CHW image, mapping each value (with its RGB channel and pixel index).</summary>
    private static float[] ToBgr(float[] rgb, Func<float, int, int, float> map)
    {
        const int plane = Size * Size;
        var bgr = new float[rgb.Length];
        for (int channel = 0; channel < 3; channel++)
            for (int i = 0; i < plane; i++)
                bgr[(2 - channel) * plane + i] = map(rgb[channel * plane + i], channel, i);
        return bgr;
    }
}

using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// MobileNet v1 (Howard et al. 2017): a 3×3 stride-2 stem (<c>stem</c>, a <see cref="ConvNormAct"/>), thirteen
/// depthwise-separable blocks (<c>layers</c>), global average pooling and <c>fc</c> — the layout and names of the
/// peer's <c>MobileNetV1</c> (<c>peer_models.py</c>), whose blocks are here <see cref="DepthwiseSeparable"/>
/// Sequentials. The width multiplier (α in the paper) scales every width, rounded with
/// <see cref="ChannelWidth.MakeDivisible"/> (the exact products for α = 0.25, 0.5, 0.75, 1).
/// </summary>
public sealed class MobileNetV1 : ImageClassifierNetwork
{
    private const long StemChannels = 32;

    /// <summary>Output channels and stride of the thirteen depthwise-separable blocks (table 1 of the paper).</summary>
    private static readonly (long Channels, long Stride)[] Blocks =
    {
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
        (512, 1), (512, 1), (512, 1), (512, 1), (512, 1),
        (1024, 2), (1024, 1),
    };

    private readonly Sequential stem;
    private readonly Sequential layers;
    private readonly Linear fc;

    /// <summary>Creates a MobileNet v1 for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public MobileNetV1(double widthMultiplier, long inChannels, long numClasses) : base(nameof(MobileNetV1))
    {
        if (widthMultiplier <= 0)
            throw new ArgumentOutOfRangeException(nameof(widthMultiplier), widthMultiplier, "width_multiplier must be positive.");
        WidthMultiplier = widthMultiplier;
        long channels = ChannelWidth.MakeDivisible(StemChannels * widthMultiplier);
        stem = ConvNormAct.Create(inChannels, channels, 3, stride: 2);
        layers = Sequential();
        foreach (var (outChannels, stride) in Blocks)
        {
            long width = ChannelWidth.MakeDivisible(outChannels * widthMultiplier);
            layers.append(DepthwiseSeparable.Create(channels, width, stride));
            channels = width;
        }
        fc = Linear(channels, numClasses);
        RegisterComponents();
    }

    /// <summary>The width multiplier this network was built with.</summary>
    public double WidthMultiplier { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = layers.forward(stem.forward(x));
        return fc.call(GlobalAveragePooling.Forward(x)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext c, OnnxValue input)
    {
        var x = c.Export(layers, nameof(layers), c.Export(stem, nameof(stem), input));
        return c.Export(fc, nameof(fc), GlobalAveragePooling.Export(c, x));
    }

    /// <summary>The registry entry of MobileNet v1.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        yield return new ArchitectureInfo("mobilenet_v1", "mobilenet", "MobileNet v1 (13 depthwise-separable blocks, stride-2 stem)", 224, 32, "fc.",
            new[] { new ArchitectureOption("width_multiplier", "scales every layer's width (α in the paper)", "1.0") },
            (spec, settings) => new MobileNetV1(settings.GetDouble("width_multiplier"), spec.InChannels, spec.NumClasses))
            {
                Recipe = KnownRecipes.BatchNormNetwork,
                References = new[] { new ReferenceFigures(3_217_226, 11_596_288, new ModelSpec(3, 10, 32), ReferenceSources.PeerModels) },
            };
    }
}

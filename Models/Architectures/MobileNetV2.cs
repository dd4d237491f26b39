using MlNetCnn.Models.Blocks;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// MobileNet v2 (Sandler et al. 2018) in torchvision's layout and child names: <c>features</c> (a 3×3 stride-2
/// <see cref="ConvNormAct"/>, the <see cref="InvertedResidual"/> blocks, a 1×1 <see cref="ConvNormAct"/> to 1280
/// channels, all with ReLU6) and <c>classifier</c> (<c>Dropout</c>, <c>Linear</c>), so torchvision state dicts map
/// key for key. The width multiplier scales every width, rounded to multiples of 8 as torchvision does.
/// </summary>
public sealed class MobileNetV2 : ImageClassifierNetwork
{
    private const long StemChannels = 32;
    private const long LastChannels = 1280;

    /// <summary>torchvision's <c>inverted_residual_setting</c>: expansion t, output channels c, blocks n, first stride s.</summary>
    private static readonly (double T, long C, int N, long S)[] InvertedResidualSetting =
    {
        (1, 16, 1, 1),
        (6, 24, 2, 2),
        (6, 32, 3, 2),
        (6, 64, 4, 2),
        (6, 96, 3, 1),
        (6, 160, 3, 2),
        (6, 320, 1, 1),
    };

    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>Creates a MobileNet v2 for <paramref name="inChannels"/>-channel images and <paramref name="numClasses"/> classes.</summary>
    public MobileNetV2(double widthMultiplier, double dropoutRate, long inChannels, long numClasses) : base(nameof(MobileNetV2))
    {
        if (widthMultiplier <= 0)
            throw new ArgumentOutOfRangeException(nameof(widthMultiplier), widthMultiplier, "width_multiplier must be positive.");
        if (dropoutRate is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(dropoutRate), dropoutRate, "The dropout rate must be at least 0 and below 1.");
        WidthMultiplier = widthMultiplier;
        long channels = ChannelWidth.MakeDivisible(StemChannels * widthMultiplier);
        long lastChannels = ChannelWidth.MakeDivisible(LastChannels * Math.Max(1.0, widthMultiplier));
        features = Sequential(ConvNormAct.Create(inChannels, channels, 3, stride: 2, activation: Activation.ReLU6));
        foreach (var (t, c, n, s) in InvertedResidualSetting)
        {
            long outChannels = ChannelWidth.MakeDivisible(c * widthMultiplier);
            for (int i = 0; i < n; i++, channels = outChannels)
                features.append(new InvertedResidual(channels, outChannels, i == 0 ? s : 1, t));
        }
        features.append(ConvNormAct.Create(channels, lastChannels, 1, activation: Activation.ReLU6));
        classifier = Sequential(Dropout(dropoutRate), Linear(lastChannels, numClasses));
        RegisterComponents();
        WeightInit.Apply(this,
            conv =>
            {
                init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut);
                if (conv.bias is not null) init.zeros_(conv.bias);
            },
            linear =>
            {
                init.normal_(linear.weight, 0, 0.01);
                init.zeros_(linear.bias);
            });
    }

    /// <summary>The width multiplier this network was built with.</summary>
    public double WidthMultiplier { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return classifier.forward(GlobalAveragePooling.Forward(features.forward(x))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext c, OnnxValue input) =>
        c.Export(classifier, nameof(classifier), GlobalAveragePooling.Export(c, c.Export(features, nameof(features), input)));

    /// <summary>The registry entry of MobileNet v2.</summary>
    internal static IEnumerable<ArchitectureInfo> Architectures()
    {
        yield return new ArchitectureInfo("mobilenet_v2", "mobilenet", "MobileNet v2 (torchvision, inverted residual blocks)", 224, 32, "classifier.1.",
            new[]
            {
                new ArchitectureOption("width_multiplier", "scales every layer's width (rounded to multiples of 8)", "1.0"),
                new ArchitectureOption("dropout", "dropout rate before the classifier", "0.2"),
            },
            (spec, settings) => new MobileNetV2(settings.GetDouble("width_multiplier"), settings.GetDouble("dropout"), spec.InChannels, spec.NumClasses))
            {
                Recipe = KnownRecipes.BatchNormNetwork,
                References = new ReferenceFigures[]
                {
                    new(2_236_682, 6_124_928, new ModelSpec(3, 10, 32), ReferenceSources.Torchvision),
                    new(3_504_872, 7_392_128, new ModelSpec(3, 1000, 32), ReferenceSources.Torchvision),
                },
            };
    }
}

using Microsoft.ML.Runtime;
using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Training;

/// <summary>
/// Where a run's initial weights come from: a safetensors file (<c>InitialWeightsPath</c>) or named pretrained weights
/// (<c>Pretrained</c>, resolved in <see cref="PretrainedCatalog"/> when the trainer is created). Loads them for transfer
/// learning (<see cref="WeightLoader.LoadTransfer(nn.Module, StateDictSource, string)"/>) and says how the pretrained
/// weights want their images normalised.
/// </summary>
internal sealed class InitialWeights
{
    private readonly ImageClassificationTrainerOptions _options;
    private readonly ArchitectureInfo _architecture;
    private readonly PretrainedWeights? _pretrained;

    private InitialWeights(ImageClassificationTrainerOptions options, ArchitectureInfo architecture, PretrainedWeights? pretrained)
    {
        _options = options;
        _architecture = architecture;
        _pretrained = pretrained;
    }

    /// <summary>The initial weights the options ask for, or null for random weights.</summary>
    /// <exception cref="ArgumentException"><c>Pretrained</c> names no weights of the architecture; the message lists those that exist.</exception>
    public static InitialWeights? Resolve(ImageClassificationTrainerOptions options, ArchitectureInfo architecture)
    {
        if (options.Pretrained is not { } name)
            return options.InitialWeightsPath is null ? null : new InitialWeights(options, architecture, null);
        try
        {
            return new InitialWeights(options, architecture, options.PretrainedWeightsOverride ?? PretrainedCatalog.Get(architecture.Name, name));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Pretrained: expected the name of pretrained weights for {architecture.Name}; got '{name}'. {e.Message}",
                nameof(options.Pretrained), e);
        }
    }

    /// <summary>The pretrained weights' mean and std, unless the options set their own; null to compute them from the data.</summary>
    public (float[] Mean, float[] Std)? Normalisation =>
        _pretrained is not null && _options.Mean is null ? (_pretrained.Preprocessing.Mean, _pretrained.Preprocessing.Std) : null;

    /// <summary>Refuses images whose channels the pretrained weights do not take (ImageNet weights take RGB photos).</summary>
    public void RequireChannels(int channels, string imageColumn)
    {
        int expected = _pretrained?.Preprocessing.Mean.Length ?? channels;
        if (channels != expected)
            throw new ArgumentException(
                $"Pretrained: the weights '{_pretrained!.Name}' of {_architecture.Name} take {expected}-channel (RGB) images; image column '{imageColumn}' holds " +
                $"{channels} channel(s). Load the images in colour (LoadImagesAsTensors with 3 channels), or train without Pretrained.",
                nameof(_options.Pretrained));
    }

    /// <summary>Loads the weights into <paramref name="network"/> (on the CPU), downloading pretrained weights first if needed and allowed.</summary>
    public void LoadInto(nn.Module network, IChannel channel)
    {
        string prefix = _architecture.ClassifierPrefix;
        using var source = _pretrained is null
            ? new SafeTensorsSource(_options.InitialWeightsPath!)
            : _pretrained.Open(new WeightsContext(_options.WeightsCacheFolder ?? WeightsContext.DefaultCacheFolder, _options.AllowWeightsDownload),
                _options.CancellationToken);
        var result = WeightLoader.LoadTransfer(network, source, prefix);
        bool newHead = result.Kept.Any(key => key.StartsWith(prefix, StringComparison.Ordinal));
        channel.Info(MessageSensitivity.None,
            $"Loaded {result.Loaded.Count} tensors from {source.Name}" +
            (newHead ? $"; the classifier head '{prefix}' starts afresh (the weights' does not fit the class count)." : ", classifier head included.") +
            (_pretrained?.Preprocessing.Note is { } note ? $" Preprocessing: {note}" : ""));
    }

    /// <summary>A note when the images' size differs from the one the pretrained weights were trained at, else null.</summary>
    public string? SizeNote(int imageSize) => _pretrained is { } p && p.Preprocessing.ImageSize != imageSize
        ? $"The weights '{p.Name}' were trained on {p.Preprocessing.ImageSize}×{p.Preprocessing.ImageSize} images; these are {imageSize}×{imageSize}."
        : null;
}

using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers.Data;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Trainers.Training;
using MlNetCnn.Trainers.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers;

/// <summary>
/// The shared core of every MlNetCnn trainer, an ML.NET estimator. <c>Fit</c> validates the columns,
/// reads the images once into memory, trains the registered network with TorchSharp (on a CUDA GPU when one is
/// available, else on the CPU), exports it to ONNX and returns an <see cref="ImageClassificationTransformer"/>
/// that scores through ONNX Runtime. Family trainers are thin declarations over this class.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <remarks>
/// There is one trainer per registry family (<see cref="ResNetTrainer"/>, <see cref="VggTrainer"/>, ...) and
/// <see cref="CnnTrainer"/> for any registered name; all share these columns and characteristics.
/// <format type="text/markdown"><![CDATA[
/// | Input and output columns | |
/// | -- | -- |
/// | `Label` (input) | key type, from `MapValueToKey` |
/// | `Features` (input) | known-size `Vector<Single>` of CHW pixels in 0–1, from `LoadImagesAsTensors` |
/// | `Score` (output) | `Vector<Single>` of class probabilities |
/// | `PredictedLabel` (output) | the label's key type and key values |
///
/// | Trainer characteristics | |
/// | -- | -- |
/// | Machine learning task | multiclass classification |
/// | Normalization | per-channel mean/std, computed from the data (or the pretrained weights') and carried in the ONNX graph |
/// | Caching | the images are read once into memory; with pretrained weights, the frozen backbone's features once per image |
/// | Device | CUDA when available (TorchSharp, ONNX Runtime), else the CPU |
/// ]]></format>
/// </remarks>
public abstract class ImageClassificationTrainer<TOptions> : IEstimator<ImageClassificationTransformer>
    where TOptions : ImageClassificationTrainerOptions
{
    private readonly MLContext _ml;
    private readonly IHost _host;
    private readonly TOptions _options;
    private readonly ArchitectureInfo _architecture;
    private readonly InitialWeights? _initialWeights;

    /// <summary>Validates the options and the architecture; nothing is trained until <see cref="Fit(IDataView)"/>.</summary>
    /// <param name="environment">
    /// Where log messages go: an <see cref="MLContext"/> (its <c>Log</c> event) or the environment behind a catalog;
    /// null creates a context seeded with the options' seed.
    /// </param>
    /// <param name="options">The options (not modified).</param>
    /// <param name="family">The registry family this trainer accepts, or null for any.</param>
    protected ImageClassificationTrainer(IHostEnvironment? environment, TOptions options, string? family)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _ml = environment as MLContext ?? new MLContext(options.Seed);
        environment ??= _ml;
        _options = options;
        _architecture = ArchitectureRegistry.Get(options.Architecture);
        if (family is not null && _architecture.Family != family)
            throw new ArgumentException(
                $"{GetType().Name} trains the {family} family ({string.Join(", ", ArchitectureRegistry.All.Where(a => a.Family == family).Select(a => a.Name))}); " +
                $"'{_architecture.Name}' belongs to the {_architecture.Family} family: use {FamilyTrainers.NameOf(_architecture.Family)} or {nameof(CnnTrainer)}.",
                nameof(options.Architecture));
        _ = new ArchitectureSettings(_architecture.Name, _architecture.Options, ArchitectureSettingsOf(options));
        _ = RunRecipe.Resolve(options, _architecture.Recipe, channels: 3, _architecture.DefaultImageSize);
        _initialWeights = InitialWeights.Resolve(options, _architecture);
        _host = environment.Register("MlNetCnn." + GetType().Name);
    }

    /// <summary>The architecture settings to build the network with: the options' dictionary plus typed options.</summary>
    protected virtual IReadOnlyDictionary<string, string> ArchitectureSettingsOf(TOptions options) => options.ArchitectureSettings;

    /// <summary>
    /// The options' <see cref="ImageClassificationTrainerOptions.ArchitectureSettings"/> plus the typed options that
    /// are set (null ones are left to the architecture's default), as registry settings: booleans lower-case, numbers
    /// in the invariant culture, arrays comma-separated. A typed option overrides the same key in the dictionary.
    /// </summary>
    protected static IReadOnlyDictionary<string, string> WithTypedSettings(TOptions options, params (string Key, object? Value)[] typed)
    {
        var settings = new Dictionary<string, string>(options.ArchitectureSettings);
        foreach (var (key, value) in typed)
            if (value is not null)
                settings[key] = SettingText(value);
        return settings;
    }

    private static string SettingText(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int[] values => string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Typed architecture options are booleans, numbers or int arrays; got {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>
    /// Trains on <paramref name="input"/> and returns the trained model. With <c>ValidationFraction</c>, that part of the
    /// rows is held out and scored after every epoch.
    /// </summary>
    public ImageClassificationTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Trains on <paramref name="trainData"/>, scoring <paramref name="validationData"/> after every epoch (loss, accuracy,
    /// top-5): it picks the best epoch's weights and drives early stopping. The validation rows need the same columns,
    /// image shape and label key type as the training rows: pass both through the same fitted transforms.
    /// </summary>
    /// <param name="trainData">The training rows.</param>
    /// <param name="validationData">The validation rows, or null (then <c>ValidationFraction</c> may hold some out).</param>
    public ImageClassificationTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var clock = Stopwatch.StartNew();
        var columns = TrainingColumns.Read(trainData.Schema, _options);
        if (columns.Height != columns.Width)
            throw new ArgumentException($"{_architecture.Name} takes square images; image column '{columns.Image.Name}' holds {columns.Height}×{columns.Width}.");
        var validationColumns = validationData is null ? null : ValidationColumns(validationData, columns);

        using var channel = _host.Start("Training");
        var device = DeviceSelection.Select(_options.Device, _options.GpuDeviceId);
        var (scoringGpu, scoringDevice) = OnnxRuntimeDevice.Choose(device.Type == DeviceType.CUDA, _options.GpuDeviceId);
        channel.Info(MessageSensitivity.None, $"Training {_architecture.Name} on {device} ({device.Reason}); scoring on {scoringDevice}.");

        var loading = Stopwatch.StartNew();
        var (data, validation) = ReadData(trainData, columns, validationData, validationColumns, channel);
        using var trainingData = data;
        using var validationSet = validation;
        RequireValidationWhereNeeded(validationSet, columns.ClassCount);
        _initialWeights?.RequireChannels(columns.Channels, columns.Image.Name);
        var (mean, std) = _options.Mean is not null ? (_options.Mean, _options.Std!) : _initialWeights?.Normalisation ?? data.ChannelStatistics();
        double dataLoadSeconds = loading.Elapsed.TotalSeconds;
        if (mean.Length != columns.Channels)
            throw new ArgumentException($"Mean and Std have {mean.Length} values but the images have {columns.Channels} channel(s).", nameof(_options.Mean));
        channel.Info(MessageSensitivity.None,
            $"{data.Count} images {columns.Channels}×{columns.Height}×{columns.Width} in {columns.ClassCount} classes, stored as {(data.IsBytes ? "bytes" : "floats")}, read in {dataLoadSeconds:F1} s" +
            (validation is null ? "" : $"; {validation.Count} validation images") +
            $"; mean [{string.Join(", ", mean.Select(m => m.ToString("F4")))}], std [{string.Join(", ", std.Select(s => s.ToString("F4")))}].");

        var recipe = RunRecipe.Resolve(_options, _architecture.Recipe, columns.Channels, columns.Height, data.Count);
        channel.Info(MessageSensitivity.None, $"Recipe: {recipe} (unset options from the recipe: {recipe.Recipe.Source}).");
        if (_initialWeights?.SizeNote(columns.Height) is { } sizeNote) channel.Info(MessageSensitivity.None, sizeNote);
        manual_seed(_options.Seed);
        var spec = new ModelSpec(columns.Channels, columns.ClassCount, columns.Height, ArchitectureSettingsOf(_options));
        using var network = _architecture.Create(spec);
        _initialWeights?.LoadInto(network, channel);
        network.to(device.ToTorch());
        var identity = new CheckpointIdentity(_architecture.Name, columns.Channels, columns.Height, columns.Width, columns.ClassCount,
            recipe.Recipe.BatchSize, recipe.Recipe.Optimizer.ToString(), data.Count, validation?.Count ?? 0);
        var result = new TrainingLoop(_options, recipe, device, channel)
            .Run(network, data, validation, columns.ClassCount, mean, std, _architecture.ClassifierPrefix, identity);

        network.to(CPU);
        var graph = new ScoringGraphSpec(_options.ImageColumnName, columns.Channels, columns.Height, columns.Width, mean, std, columns.ClassNames,
            ScoreName: _options.ScoreColumnName, PredictedClassName: FirstSlotMapping.InputColumn, FlipAveraging: _options.TestTimeFlipAveraging);
        byte[] onnx = OnnxExporter.ExportScoring(network, graph);
        var chain = ScoringChain.Build(_ml, trainData, onnx, _options.ImageColumnName, _options.ScoreColumnName,
            _options.PredictedLabelColumnName, columns.ClassNames, scoringGpu);
        var info = new TrainedModelInfo(_architecture.Name, columns.Channels, columns.Height, columns.Width, mean, std, columns.ClassNames,
            device.ToString(), scoringDevice, result.History, data.Count, data.SkippedRows, clock.Elapsed.TotalSeconds, dataLoadSeconds,
            validation?.Count ?? 0, result.BestEpoch, result.StoppedEarly, result.ResumedAfterEpoch)
        {
            Recipe = recipe.ToString(),
            Paused = !result.StoppedEarly && result.History.Count > 0 && result.History[^1].Epoch < _options.Epochs,
        };
        channel.Info(MessageSensitivity.None, $"Trained {_architecture.Name} in {info.TrainSeconds:F1} s.");
        return new ImageClassificationTransformer(chain, onnx, info);
    }

    /// <summary>The training data and the validation data: given, held out by <c>ValidationFraction</c>, or none.</summary>
    private (TrainingData Train, TrainingData? Validation) ReadData(IDataView trainData, TrainingColumns columns,
        IDataView? validationData, TrainingColumns? validationColumns, IChannel channel)
    {
        var data = TrainingData.Read(trainData, columns, channel, _options.CancellationToken);
        if (validationData is not null)
        {
            try
            {
                return (data, TrainingData.Read(validationData, validationColumns!, channel, _options.CancellationToken, "validation"));
            }
            catch
            {
                data.Dispose();
                throw;
            }
        }
        if (_options.ValidationFraction == 0) return (data, null);
        using (data)
            return data.Split(_options.ValidationFraction, _options.Seed);
    }

    /// <summary>The validation view's columns, which must match the training columns in shape and classes.</summary>
    private TrainingColumns ValidationColumns(IDataView validationData, TrainingColumns train)
    {
        var columns = TrainingColumns.Read(validationData.Schema, _options);
        if (columns.Channels != train.Channels || columns.Height != train.Height || columns.Width != train.Width)
            throw new ArgumentException(
                $"The validation data's image column '{columns.Image.Name}' holds {columns.Channels}×{columns.Height}×{columns.Width} images; the training data's holds {train.Channels}×{train.Height}×{train.Width}.",
                "validationData");
        if (!columns.ClassNames.SequenceEqual(train.ClassNames))
            throw new ArgumentException(
                $"The validation data's label column '{columns.Label.Name}' has classes [{string.Join(", ", columns.ClassNames)}]; the training data's has [{string.Join(", ", train.ClassNames)}]. " +
                "Map both with the same fitted MapValueToKey.", "validationData");
        return columns;
    }

    private void RequireValidationWhereNeeded(TrainingData? validation, int classCount)
    {
        if (validation is null && _options.EarlyStoppingPatience is not null)
            throw new ArgumentException(
                $"EarlyStoppingPatience ({_options.EarlyStoppingPatience}) needs validation data: set ValidationFraction, or call Fit(trainData, validationData).",
                nameof(_options.EarlyStoppingPatience));
        if (_options.MonitorMetric == ValidationMetric.Top5Accuracy && classCount <= EpochTally.TopK)
            throw new ArgumentException(
                $"MonitorMetric Top5Accuracy needs more than {EpochTally.TopK} classes; the label has {classCount}. Use Accuracy or Loss.",
                nameof(_options.MonitorMetric));
    }

    /// <summary>The output schema: the input plus the score vector and the predicted-label key.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequireColumn(inputSchema, _options.LabelColumnName, "label", c => c.IsKey, "a key type (use MapValueToKey)");
        RequireColumn(inputSchema, _options.ImageColumnName, "image",
            c => c.Kind == SchemaShape.Column.VectorKind.Vector && c.ItemType == Microsoft.ML.Data.NumberDataViewType.Single,
            "a known-size Vector<Single>");
        // SchemaShape.Column cannot be constructed outside ML.NET: borrow the shapes from built-in copies.
        return _ml.Transforms.CopyColumns(_options.ScoreColumnName, _options.ImageColumnName)
            .Append(_ml.Transforms.CopyColumns(_options.PredictedLabelColumnName, _options.LabelColumnName))
            .GetOutputSchema(inputSchema);
    }

    private static void RequireColumn(SchemaShape schema, string name, string role, Func<SchemaShape.Column, bool> valid, string expected)
    {
        var column = schema.FirstOrDefault(c => c.Name == name);
        if (column.Name is null)
            throw new ArgumentException($"The {role} column '{name}' is not in the data. Columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (!valid(column))
            throw new ArgumentException($"Schema mismatch for {role} column '{name}': expected {expected}, got {(column.IsKey ? "Key<" : "")}{column.Kind} of {column.ItemType}{(column.IsKey ? ">" : "")}.");
    }
}

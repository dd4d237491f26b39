using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.ML;
using MlNetCnn.Cli.Training;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;
using MlNetCnn.Transforms;

namespace MlNetCnn.Cli.Commands;

/// <summary>The options of <c>train</c>: the architecture, the data, the output and the trainer's flags.</summary>
internal sealed class TrainOptions
{
    /// <summary>The checkpoint's name in <c>--out</c> when <c>--checkpoint-every</c> comes without <c>--checkpoint</c>.</summary>
    public const string CheckpointFileName = "checkpoint.mlnc";

    public ArchitectureOptions Architecture { get; } = new();

    public DataOptions Data { get; } = new();

    public Option<string?> ValDir { get; } = new Option<string?>("--val-dir")
    {
        HelpName = "DIR",
        Description = "With --data folder: another folder (one sub-folder per class), the validation set scored after every epoch " +
                      "(for --monitor, --patience and the best epoch's weights) and the one metrics.json reports on.",
    }.ExistingFolder();

    public Option<ImageResizeMode?> Resize { get; } = new Option<ImageResizeMode?>("--resize")
    {
        Description = "How images of another shape become square tensors: stretch, or centercrop (scale to cover, cut the centre; " +
                      "keeps the proportions of photos). Carried into model.zip. Default: stretch.",
    }.Choice();

    public TrainerFlags Trainer { get; } = new();

    public Option<int?> Limit { get; } =
        new Option<int?>("--limit") { HelpName = "N", Description = "Train on the first N training images only." }.AtLeast(1);

    public Option<string> Out { get; } =
        CommonOptions.Out("Folder for model.zip, model.onnx, metrics.json, history.csv, curves.png, confusion.png.", "DIR");

    public void AddTo(Command command)
    {
        Architecture.AddTo(command);
        Data.AddTo(command);
        command.Add(ValDir);
        command.Add(Resize);
        foreach (Option option in Trainer.All)
            command.Add(option);
        command.Add(Limit);
        command.Add(Out);
        command.Validators.Add(CheckValDir);
    }

    /// <summary><c>--val-dir</c> only with a folder source: the classic sets have a test part of their own, which never picks epochs.</summary>
    private void CheckValDir(CommandResult result)
    {
        string? source = result.GetValue(Data.Data);
        if (result.GetValue(ValDir) is not null && source is not null && !string.Equals(source, "folder", StringComparison.OrdinalIgnoreCase))
            result.AddError($"{ValDir.Name}: only with {Data.Data.Name} folder; {source} has its own test part.");
    }

    /// <summary>
    /// Once every value has parsed: <c>--val-fraction</c> not with <c>--val-dir</c>, and the flags that act on
    /// validation figures only with one of the two.
    /// </summary>
    /// <exception cref="UsageException">A flag that does not fit the others.</exception>
    private void CheckValidationFlags(ParseResult parsed)
    {
        bool valDir = parsed.GetValue(ValDir) is not null, valFraction = parsed.GetValue(Trainer.ValidationFraction) > 0;
        if (valDir && valFraction)
            throw new UsageException($"{Trainer.ValidationFraction.Name}: not with {ValDir.Name}, which is the validation set already.");
        if (valDir || valFraction)
            return;
        if (new Option[] { Trainer.Monitor, Trainer.Patience, Trainer.MinDelta }.FirstOrDefault(o => parsed.GetResult(o) is not null) is { } needs)
            throw new UsageException(
                $"{needs.Name}: needs validation data; give {Trainer.ValidationFraction.Name} F (or {ValDir.Name} DIR with {Data.Data.Name} folder).");
    }

    /// <summary>
    /// The trainer's options: the architecture, the columns of the data sets, and every flag of <see cref="TrainerFlags"/>
    /// that was given; <c>--checkpoint-every</c> without <c>--checkpoint</c> checkpoints to <c>--out</c>/<see cref="CheckpointFileName"/>.
    /// </summary>
    /// <exception cref="UsageException">A flag that does not fit the others.</exception>
    public CnnTrainer.Options TrainerOptions(ParseResult parsed, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        CheckValidationFlags(parsed);
        var options = new CnnTrainer.Options
        {
            Architecture = parsed.GetRequiredValue(Architecture.Arch),
            ArchitectureSettings = new Dictionary<string, string>(Architecture.Settings(parsed)),
            LabelColumnName = ImageRow.LabelColumnName,
            ImageColumnName = ModelTraining.ImageColumnName,
            Progress = progress,
            CancellationToken = cancellation,
        };
        Trainer.ApplyTo(parsed, options);
        if (options.CheckpointPath is null && parsed.GetResult(Trainer.CheckpointEvery) is { Implicit: false })
            options.CheckpointPath = Path.Combine(parsed.GetRequiredValue(Out), CheckpointFileName);
        return options;
    }

    /// <summary>The side of the square image tensors (<c>--image-size</c>, else the architecture's default) and their channels.</summary>
    public (int Size, int Channels) ImageShape(ParseResult parsed) =>
        (parsed.GetValue(Architecture.ImageSize) ?? Architecture.Architecture(parsed).DefaultImageSize, parsed.GetValue(Architecture.InChannels) ?? 3);

    /// <summary>
    /// Creates the trainer, which checks the options, alone (<c>--momentum</c> in [0, 1)) and together (<c>--warmup-epochs</c>
    /// beyond <c>--epochs</c>, <c>--nesterov</c> with adam): a value it refuses is a bad argument that names the flag.
    /// </summary>
    /// <exception cref="UsageException">The trainer refused the value of a flag.</exception>
    public CnnTrainer CreateTrainer(MLContext mlContext, CnnTrainer.Options options)
    {
        try
        {
            return new CnnTrainer(mlContext, options);
        }
        catch (ArgumentException e) when (Trainer.FlagOf(e.ParamName) is { } flag)
        {
            throw new UsageException($"{flag.Name}: {ReasonOf(e)}");
        }
    }

    /// <summary>
    /// The exception's own message, without the parameter name and actual value .NET appends, then the value that came
    /// when the exception carries one.
    /// </summary>
    private static string ReasonOf(ArgumentException e)
    {
        string first = e.Message.Split('\n')[0].TrimEnd('\r');
        string suffix = $" (Parameter '{e.ParamName}')";
        string reason = first.EndsWith(suffix, StringComparison.Ordinal) ? first[..^suffix.Length] : first;
        return e is ArgumentOutOfRangeException { ActualValue: { } value }
            ? $"{reason.TrimEnd('.')}; got {OptionChecks.AsFlagValue(value)}."
            : reason;
    }
}

using System.CommandLine;
using MlNetCnn.Cli.Training;

namespace MlNetCnn.Cli.Commands;

/// <summary>The options of <c>train</c> (see ../shared/CLI.md).</summary>
internal sealed class TrainOptions
{
    public ArchitectureOptions Architecture { get; } = new();

    public DataOptions Data { get; } = new();

    public Option<string?> ValDir { get; } = new Option<string?>("--val-dir")
    {
        Description = "With --data folder: another folder (one sub-folder per class) to compute metrics.json on.",
    }.ExistingFolder();

    public Option<int?> Epochs { get; } = new Option<int?>("--epochs") { Description = "Training epochs." }.AtLeast(1);

    public Option<int?> BatchSize { get; } = new Option<int?>("--batch-size") { Description = "Images per step." }.AtLeast(1);

    public Option<double?> LearningRate { get; } = new Option<double?>("--lr") { Description = "Learning rate." }.Positive();

    public Option<string?> Weights { get; } = new Option<string?>("--weights")
    {
        Description = "Initial weights (.safetensors state dict with PyTorch/torchvision key names); the classifier head starts afresh when the class count differs.",
    }.ExistingFile();

    public Option<string> Device { get; } = new Option<string>("--device")
    {
        Description = "Training device: auto | cpu | cuda (auto uses CUDA when present).",
        DefaultValueFactory = _ => "auto",
    }.OneOf(TrainSettings.Devices);

    public Option<int?> Seed { get; } = new Option<int?>("--seed") { Description = "Random seed for a repeatable run." }.WholeNumber();

    public Option<int?> Limit { get; } =
        new Option<int?>("--limit") { Description = "Train on the first N training images only." }.AtLeast(1);

    public Option<string> Out { get; } = CommonOptions.Out("Folder for model.zip, model.onnx, metrics.json, history.csv.");

    public void AddTo(Command command)
    {
        Architecture.AddTo(command);
        Data.AddTo(command);
        foreach (Option option in new Option[] { ValDir, Epochs, BatchSize, LearningRate, Weights, Device, Seed, Limit, Out })
            command.Add(option);
        command.Validators.Add(result =>
        {
            string? source = result.GetValue(Data.Data);
            if (result.GetValue(ValDir) is not null && source is not null && !string.Equals(source, "folder", StringComparison.OrdinalIgnoreCase))
                result.AddError($"{ValDir.Name}: only with {Data.Data.Name} folder; {source} has its own test part.");
        });
    }

    public TrainSettings Settings(ParseResult parsed) => new(
        parsed.GetRequiredValue(Architecture.Arch),
        Architecture.Settings(parsed),
        parsed.GetValue(Architecture.ImageSize),
        parsed.GetValue(Architecture.InChannels) ?? 3,
        parsed.GetValue(Epochs),
        parsed.GetValue(BatchSize),
        parsed.GetValue(LearningRate),
        parsed.GetRequiredValue(Device).ToLowerInvariant(),
        parsed.GetValue(Seed),
        parsed.GetValue(Weights));
}

using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.ML;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// The Triton mode of <c>export</c>: <c>--model model.zip --triton DIR [--name NAME] [--max-batch-size N]
/// [--max-queue-delay-us N] [--instance-kind gpu|cpu] [--force]</c> writes <c>DIR/NAME</c>, a model folder of a Triton model
/// repository, through <see cref="ScoringCatalog.ExportToTriton(ModelOperationsCatalog, string, string, TritonExportOptions?)"/>.
/// </summary>
internal sealed class ExportTritonOptions
{
    private readonly Option<string?> _model = CommonOptions.Model();

    private readonly Option<string?> _triton = new("--triton")
    {
        HelpName = "DIR",
        Description = "Write the trained --model as a Triton model repository: DIR/NAME/{1/model.onnx, config.pbtxt, labels.txt, README.md}.",
    };

    private readonly Option<string?> _name = new("--name")
    {
        Description = "The model's name in the repository (default: the model file's name, or its folder's for model.zip).",
    };

    private readonly Option<int?> _maxBatchSize = new Option<int?>("--max-batch-size")
    {
        Description = $"Triton's max_batch_size (default {TritonExportOptions.DefaultMaxBatchSize}).",
    }.AtLeast(1);

    private readonly Option<int?> _maxQueueDelay = new Option<int?>("--max-queue-delay-us")
    {
        Description = "How long Triton's dynamic batcher may wait to fill a batch, in microseconds (default: Triton's).",
    }.AtLeast(0);

    private readonly Option<TritonInstanceKind?> _instanceKind = new Option<TritonInstanceKind?>("--instance-kind")
    {
        Description = "Run the model on the server's GPU (default) or CPU.",
    }.Choice();

    private readonly Option<bool> _force = new("--force") { Description = "Replace an existing DIR/NAME (it is swapped whole, never half-written)." };

    public ExportTritonOptions() => _model.Required = false;

    private Option[] All => [_model, _triton, _name, _maxBatchSize, _maxQueueDelay, _instanceKind, _force];

    public void AddTo(Command command)
    {
        foreach (var option in All)
            command.Add(option);
    }

    /// <summary>True when the command line asks for the Triton mode.</summary>
    public bool IsRequested(ParseResult parsed) => parsed.GetValue(_model) is not null;

    /// <summary>
    /// The two modes of <c>export</c> do not mix: with any Triton option, <c>--model</c> and <c>--triton</c> are required and
    /// none of <paramref name="architectureOptions"/>; without one, <paramref name="arch"/> and <paramref name="output"/> are.
    /// </summary>
    public void CheckMode(CommandResult result, Option arch, Option output, IReadOnlyList<Option> architectureOptions)
    {
        var triton = All.FirstOrDefault(o => Given(result, o));
        var architecture = architectureOptions.FirstOrDefault(o => Given(result, o));
        if (triton is not null && architecture is not null)
            result.AddError($"{architecture.Name}: not accepted with {triton.Name}; export either an architecture (--arch NAME --out M.onnx) " +
                            "or a trained model (--model model.zip --triton DIR).");
        else if (triton is not null)
            RequireAll(result, (_model, "with --triton: the trained model.zip to export"), (_triton, "with --model: the Triton model repository to write"));
        else
            RequireAll(result, (arch, "(or export a trained model with --model model.zip --triton DIR)"), (output, "with --arch: the ONNX file to write"));
    }

    private static void RequireAll(CommandResult result, params (Option Option, string Why)[] required)
    {
        foreach (var (option, why) in required)
            if (!Given(result, option))
                result.AddError($"{option.Name}: required {why}.");
    }

    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>Writes the model folder and prints what was written.</summary>
    public int Run(ParseResult parsed, CliSession session)
    {
        string model = parsed.GetValue(_model)!;
        var options = new TritonExportOptions
        {
            Name = parsed.GetValue(_name),
            MaxBatchSize = parsed.GetValue(_maxBatchSize) ?? TritonExportOptions.DefaultMaxBatchSize,
            MaxQueueDelayMicroseconds = parsed.GetValue(_maxQueueDelay) ?? 0,
            InstanceKind = parsed.GetValue(_instanceKind) ?? TritonInstanceKind.Gpu,
            Overwrite = parsed.GetValue(_force),
        };
        TritonExport written;
        try
        {
            written = new MLContext(seed: 0).Model.ExportToTriton(model, parsed.GetValue(_triton)!, options);
        }
        catch (ArgumentException e) when (e.ParamName == nameof(TritonExportOptions.Name))
        {
            throw new UsageException($"{_name.Name}: {e.Message}");
        }
        session.Output.WriteLine($"{written.ModelFolder}: Triton model '{written.ModelName}' (onnxruntime, max_batch_size {written.MaxBatchSize}, " +
                                 $"{OptionChecks.AsFlagValue(written.InstanceKind)} instances), {written.ClassNames.Count} classes");
        foreach (var (role, tensor) in written.Inputs.Select(t => ("input", t)).Concat(written.Outputs.Select(t => ("output", t))))
            session.Output.WriteLine($"  {role} {tensor.Name} {tensor.DataType} [{string.Join(", ", tensor.Dims)}]" +
                                     (tensor.LabelFile is { } labels ? $", labels {labels}" : ""));
        return CliApp.Success;
    }
}

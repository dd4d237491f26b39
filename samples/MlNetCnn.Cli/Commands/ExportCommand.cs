using System.CommandLine;
using System.Globalization;
using MlNetCnn.Models.Onnx;
using MlNetCnn.Models.Weights;
using static TorchSharp.torch;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>export --arch NAME [shape and --set options] [--weights W.safetensors] [--bare] --out M.onnx</c>: the network as
/// ONNX, bare (<c>input</c> → <c>logits</c>) or as the scoring graph MlNetCnn scores with. Its other mode,
/// <c>export --model model.zip --triton DIR</c>, writes a trained model as a Triton model repository (<see cref="ExportTritonOptions"/>).
/// </summary>
internal static class ExportCommand
{
    /// <summary>The scoring graph's input: the trainers' default image column.</summary>
    public const string ScoringInput = "Features";

    private static readonly float[] ImageNetMean = { 0.485f, 0.456f, 0.406f };
    private static readonly float[] ImageNetStd = { 0.229f, 0.224f, 0.225f };

    public static Command Create(CliSession session)
    {
        var shape = new ModelShapeOptions();
        var weights = new Option<string?>("--weights")
        {
            Description = "Weights to export (.safetensors state dict with PyTorch/torchvision key names); without it the network is untrained (seed 0).",
        }.ExistingFile();
        var bare = new Option<bool>("--bare")
        {
            Description = "Only the network: input 'input' [batch, C, S, S] float32, already normalised; output 'logits' [batch, K]. " +
                          "Without it, the scoring graph: input '" + ScoringInput + "' [batch, C, S, S] in 0-1, per-channel mean/std " +
                          "(ImageNet's 0.485,0.456,0.406 / 0.229,0.224,0.225 for 3 channels, 0.5 / 0.5 otherwise), outputs " +
                          "'Score' (softmax) and 'PredictedClassName' (class names \"0\"..\"K-1\").",
        };
        var output = CommonOptions.Out("The ONNX file to write.");
        output.Required = false;
        shape.Architecture.Arch.Required = false;
        var triton = new ExportTritonOptions();
        var command = new Command("export", "Writes the network as ONNX (opset " + OnnxExportContext.Opset + ", dynamic batch), or a trained " +
                                            "model as a Triton model repository (--model model.zip --triton DIR).") { weights, bare, output };
        shape.AddTo(command);
        triton.AddTo(command);
        var architecture = shape.Architecture;
        command.Validators.Add(result => triton.CheckMode(result, architecture.Arch, output,
            [architecture.Arch, architecture.Set, architecture.ImageSize, architecture.InChannels, shape.NumClasses, weights, bare, output]));
        command.SetAction(parsed =>
        {
            if (triton.IsRequested(parsed))
                return triton.Run(parsed, session);
            var (info, spec, size) = shape.Resolve(parsed);
            manual_seed(0);
            using var network = info.Create(spec);
            if (parsed.GetValue(weights) is { } path)
                WeightLoader.Load(network, path);
            byte[] onnx = parsed.GetValue(bare)
                ? OnnxExporter.ExportBare(network, spec.InChannels, size, size)
                : OnnxExporter.ExportScoring(network, ScoringSpec(spec.InChannels, spec.NumClasses, size));
            string file = parsed.GetRequiredValue(output);
            File.WriteAllBytes(file, onnx);
            session.Output.WriteLine($"{file}: {info.Name}, {(parsed.GetValue(bare) ? "bare graph" : "scoring graph")}, " +
                                     $"input [batch, {spec.InChannels}, {size}, {size}], {spec.NumClasses} classes");
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>The scoring graph of an export: ImageNet's mean/std for 3 channels, 0.5/0.5 otherwise; classes "0".."K-1".</summary>
    private static ScoringGraphSpec ScoringSpec(int channels, int classes, int size)
    {
        bool rgb = channels == 3;
        float[] mean = rgb ? ImageNetMean : Enumerable.Repeat(0.5f, channels).ToArray();
        float[] std = rgb ? ImageNetStd : Enumerable.Repeat(0.5f, channels).ToArray();
        var names = Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new ScoringGraphSpec(ScoringInput, channels, size, size, mean, std, names);
    }
}

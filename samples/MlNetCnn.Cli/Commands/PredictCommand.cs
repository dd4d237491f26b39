using System.CommandLine;
using Microsoft.ML;
using MlNetCnn.Cli.Output;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>predict --model DIR/model.zip IMAGE...</c>: one line per image: path, predicted label, its probability.</summary>
internal static class PredictCommand
{
    public static Command Create(CliSession session)
    {
        Option<string?> model = CommonOptions.Model();
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "Image files (PNG, JPEG, BMP, ...).",
            Arity = ArgumentArity.OneOrMore,
        };
        images.Validators.Add(result =>
        {
            foreach (string path in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!File.Exists(path))
                    result.AddError($"IMAGE: file '{path}' does not exist.");
            }
        });
        var command = new Command("predict", "Predicts the class of images with a saved model.") { model, images };
        command.SetAction(parsed =>
        {
            string[] paths = parsed.GetRequiredValue(images);
            var mlContext = new MLContext(seed: 0);
            ITransformer trained = ModelScoring.Load(mlContext, parsed.GetValue(model)!);
            var rows = paths.Select(p => new ImageRow { Image = File.ReadAllBytes(p) }).ToArray();
            var predictions = ModelScoring.Predict(mlContext, trained, rows);
            for (int i = 0; i < paths.Length; i++)
                session.Output.WriteLine($"{paths[i]}\t{predictions[i].Label}\t{predictions[i].Probability:F4}");
            return CliApp.Success;
        });
        return command;
    }
}

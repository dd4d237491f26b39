using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using MlNetCnn.Cli.Output;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Pipelines.Reports;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;
using static System.FormattableString;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>predict --model DIR/model.zip IMAGE|DIR|GLOB... [--batch-size B] [--output F.csv|F.jsonl] [--top-k K]</c>: scores the
/// images in batches with the bulk scorer; one line per image (or a CSV/JSON Lines file), a bad image reported on its own
/// line naming the file, then a summary line.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliSession session)
    {
        Option<string?> model = CommonOptions.Model();
        var images = new Argument<string[]>("IMAGE|DIR|GLOB")
        {
            Description = "Image files, folders (every image file under them) and glob patterns such as 'photos/*.jpg' or 'data/**/*.png' (quote them).",
            Arity = ArgumentArity.OneOrMore,
        };
        Option<int?> batchSize = CommonOptions.ScoringBatchSize();
        var output = new Option<string?>("--output", "-o")
        {
            HelpName = "F.csv|F.jsonl",
            Description = "Write the predictions to a CSV or JSON Lines file (row, path, label, probability, top-k, error) instead of stdout.",
        };
        output.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (path is not null && !PredictionFile.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
                result.AddError($"--output: '{path}' must end in {string.Join(" or ", PredictionFile.Extensions)}.");
        });
        Option<int?> topK = new Option<int?>("--top-k") { Description = "Classes listed per image, most probable first (default 1)." }.AtLeast(1);
        var command = new Command("predict",
            "Predicts the class of images with a saved model, in batches. Exit code 1 when some images could not be scored (each is reported).")
        {
            model, images, batchSize, output, topK,
        };
        command.SetAction(parsed =>
        {
            IReadOnlyList<string> files = ResolveImages(parsed.GetRequiredValue(images));
            var mlContext = new MLContext(seed: 0);
            ITransformer trained = ModelScoring.Load(mlContext, parsed.GetValue(model)!);
            using var scorer = mlContext.Model.CreateImageClassifierScorer(trained, ModelScoring.ScorerOptions(parsed.GetValue(batchSize)));
            int k = parsed.GetValue(topK) ?? 1;
            string? outputPath = parsed.GetValue(output);
            using var file = outputPath is null ? null : PredictionFile.Create(outputPath, k);
            var display = session.ScoringDisplayFor(parsed);
            var clock = Stopwatch.StartNew();
            int failed = display.Run("predict", files.Count, report =>
            {
                int failures = 0;
                foreach (var prediction in scorer.Score(files, session.Cancellation))
                {
                    if (!prediction.Succeeded)
                    {
                        failures++;
                        session.Error.WriteLine($"{prediction.ImagePath}\terror: {prediction.Error}");
                    }
                    if (file is not null)
                        file.Write(prediction);
                    else if (prediction.Succeeded)
                        session.Output.WriteLine(StdoutLine(prediction, k));
                    report((int)prediction.Row + 1);
                }
                return failures;
            });
            double seconds = clock.Elapsed.TotalSeconds;
            session.ProgressFor(parsed).Report(Invariant(
                $"predicted {files.Count - failed:N0} of {files.Count:N0} images in {seconds:F1} s ({files.Count / Math.Max(seconds, 1e-9):N0} images/s), {failed} failed [{scorer.Device}]") +
                (outputPath is null ? "" : $"; predictions: {outputPath}"));
            return failed == 0 ? CliApp.Success : CliApp.Failure;
        });
        return command;
    }

    /// <summary>The image files named on the command line; a name that matches nothing is a usage error naming it.</summary>
    private static IReadOnlyList<string> ResolveImages(string[] arguments)
    {
        try
        {
            return ImageFileList.Resolve(arguments);
        }
        catch (FileNotFoundException e)
        {
            throw new UsageException($"IMAGE|DIR|GLOB: {e.Message}");
        }
    }

    /// <summary><c>path	label	probability</c>, then further <c>label	probability</c> pairs with <c>--top-k</c>.</summary>
    private static string StdoutLine(ImagePrediction prediction, int k) =>
        prediction.ImagePath + string.Concat(prediction.Top(k).Select(c => Invariant($"\t{c.Label}\t{c.Probability:F4}")));
}

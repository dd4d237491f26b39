using MlNetCnn.Pipelines.Reports;
using System.CommandLine;
using Microsoft.ML;
using MlNetCnn.Cli.Output;
using MlNetCnn.Pipelines.DataSets;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>evaluate --model DIR/model.zip --data SOURCE [--data-dir DIR] --out DIR</c>: test-set metrics of a saved model.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliSession session)
    {
        var data = new DataOptions();
        Option<string?> model = CommonOptions.Model();
        Option<int?> limit = new Option<int?>("--limit") { Description = "Evaluate on the first N test images only." }.AtLeast(1);
        Option<int?> batchSize = CommonOptions.ScoringBatchSize();
        Option<string> output = CommonOptions.Out("Folder for metrics.json and confusion.png.");
        var command = new Command("evaluate", "Test-set metrics of a saved model, scored in batches: writes DIR/metrics.json and DIR/confusion.png.")
        {
            model, limit, batchSize, output,
        };
        data.AddTo(command);
        command.SetAction(parsed =>
        {
            Progress progress = session.ProgressFor(parsed);
            var mlContext = new MLContext(seed: 0);
            ImageDataSet test = data.Load(parsed, mlContext, DataSetSplit.Test, parsed.GetValue(limit), progress, session.Cancellation);
            ITransformer trained = ModelScoring.Load(mlContext, parsed.GetValue(model)!);
            ClassificationReport report = ModelScoring.EvaluateInBatches(mlContext, trained, test, parsed.GetValue(batchSize),
                session.ScoringDisplayFor(parsed), session.Cancellation);
            string folder = CommonOptions.EnsureFolder(parsed.GetRequiredValue(output));
            string path = Path.Combine(folder, "metrics.json");
            report.SaveJson(path, training: null, evaluatedOn: "test");
            TrainingCharts.SaveConfusion(Path.Combine(folder, "confusion.png"), report.Confusion, report.ClassNames);
            session.Output.Write(report.ToText());
            session.Output.WriteLine($"metrics: {path}");
            return CliApp.Success;
        });
        return command;
    }
}

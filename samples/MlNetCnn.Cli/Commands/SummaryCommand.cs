using System.CommandLine;
using MlNetCnn.Models.Summary;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>summary --arch NAME [shape and --set options]</c>: one row per layer, then total parameters and multiply-adds per
/// image, then the architecture's training recipe and its source.
/// </summary>
internal static class SummaryCommand
{
    public static Command Create(CliSession session)
    {
        var shape = new ModelShapeOptions();
        var command = new Command("summary",
            "One row per layer (name, type, output shape, parameters, multiply-adds), then total parameters and multiply-adds per image, " +
            "then the training recipe train uses for every option not given.");
        shape.AddTo(command);
        command.SetAction(parsed =>
        {
            var (info, spec, _) = shape.Resolve(parsed);
            session.Output.Write(ModelSummary.Create(info.Name, spec));
            session.Output.WriteLine($"Recipe: {info.Recipe.Describe()}");
            session.Output.WriteLine($"Recipe source: {info.Recipe.Source}");
            return CliApp.Success;
        });
        return command;
    }
}

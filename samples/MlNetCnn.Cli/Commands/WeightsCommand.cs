using System.CommandLine;
using MlNetCnn.Models.Pretrained;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// <c>weights</c>: the pretrained weights per architecture — name, source, whether they are available offline (in a package,
/// or already in the weights cache) and what they expect.
/// </summary>
internal static class WeightsCommand
{
    public static Command Create(CliSession session)
    {
        var cache = new Option<string?>("--cache")
        {
            HelpName = "DIR",
            Description = $"The weights cache to look in. Default: ${WeightsContext.CacheVariable}, else $TORCH_HOME/hub/checkpoints, " +
                          "else ~/.cache/torch/hub/checkpoints (where PyTorch keeps torchvision's weights, so files you have are reused).",
        };
        var command = new Command("weights",
            "The pretrained weights per architecture (train --arch NAME --pretrained WEIGHTS): source, whether each is available " +
            "offline now, input size and normalisation.") { cache };
        command.SetAction(parsed =>
        {
            var context = parsed.GetValue(cache) is { } folder ? new WeightsContext(folder) : WeightsContext.Default;
            Write(session.Output, context);
            return CliApp.Success;
        });
        return command;
    }

    private static void Write(TextWriter output, WeightsContext context)
    {
        var rows = PretrainedCatalog.All
            .Select(w => new[]
            {
                w.Architecture, w.Name, w.IsPresent(context) ? "yes" : "no (downloads on first use)",
                $"{w.Preprocessing.ImageSize}", w.Availability == WeightsAvailability.Offline ? "package: " + w.Source : w.Source,
            })
            .Prepend(["Architecture", "Weights", "Offline", "Size", "Source"])
            .ToList();
        int[] widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i < 4 ? cell.PadRight(widths[i]) : cell)).TrimEnd());
        output.WriteLine($"Weights cache: {context.CacheFolder}");
    }
}

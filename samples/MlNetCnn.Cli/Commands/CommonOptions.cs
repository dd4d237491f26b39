using System.CommandLine;

namespace MlNetCnn.Cli.Commands;

/// <summary>Options that several verbs take, created anew for each verb.</summary>
internal static class CommonOptions
{
    public static Option<string> Out(string description, string? helpName = null) => new("--out")
    {
        HelpName = helpName,
        Description = description,
        Required = true,
    };

    public static Option<string?> Model() => new Option<string?>("--model")
    {
        Description = "The saved ML.NET model (DIR/model.zip written by train).",
        Required = true,
    }.ExistingFile();

    /// <summary><c>--batch-size</c> of the verbs that score with a saved model: images per ONNX Runtime call.</summary>
    public static Option<int?> ScoringBatchSize() =>
        new Option<int?>("--batch-size") { Description = "Images per ONNX Runtime call when scoring (default 64)." }.AtLeast(1);

    /// <summary>Creates <paramref name="path"/> when missing and returns it.</summary>
    public static string EnsureFolder(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }
}

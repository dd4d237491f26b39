using Microsoft.ML;
using MlNetCnn.Models.IO;
using MlNetCnn.Transforms;
using Onnx;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Writes one model folder of an NVIDIA Triton Inference Server model repository from a trained MlNetCnn model:
/// <c>NAME/1/model.onnx</c> (the scoring graph, byte for byte), <c>NAME/config.pbtxt</c> (see <see cref="TritonConfig"/>),
/// <c>NAME/labels.txt</c> and <c>NAME/README.md</c> (see <see cref="TritonReadme"/>).
/// </summary>
/// <remarks>
/// The folder is written whole or not at all: the files go into a hidden staging folder beside it (each file atomically),
/// which is then renamed to <c>NAME</c>. An existing <c>NAME</c> is an error unless <see cref="TritonExportOptions.Overwrite"/>;
/// then it is renamed aside, the new folder renamed in, and the old one deleted — a server polling the repository sees the
/// old folder or the new one, never a mixture (at most, for an instant, neither).
/// </remarks>
internal static class TritonModelRepository
{
    /// <summary>The one version folder written.</summary>
    public const string Version = "1";

    /// <summary>The ONNX Runtime backend's default model file name.</summary>
    public const string OnnxFileName = "model.onnx";

    /// <summary>The class names of the score output.</summary>
    public const string LabelsFileName = "labels.txt";

    /// <summary>The client's instructions.</summary>
    public const string ReadmeFileName = "README.md";

    private const string FallbackName = "model";

    /// <summary>Loads <paramref name="modelPath"/> and writes its model folder (named after the file unless the options name it).</summary>
    public static TritonExport Write(ModelOperationsCatalog catalog, string modelPath, string repositoryFolder, TritonExportOptions options)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"The model file '{modelPath}' does not exist; expected a model.zip saved by mlContext.Model.Save.", modelPath);
        ITransformer model;
        try
        {
            model = catalog.Load(modelPath, out _);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{modelPath}' is not a model saved by ML.NET (mlContext.Model.Save): {e.Message}", e);
        }
        try
        {
            return Write(model, repositoryFolder, options, NameOfFile(modelPath), Path.GetFileName(modelPath));
        }
        catch (ArgumentException e) when (e.ParamName == "model")
        {
            throw new ArgumentException($"'{modelPath}': {e.Message}", nameof(modelPath), e);
        }
    }

    /// <summary>Writes the model folder of <paramref name="model"/>; without a name in the options, the network's name is used.</summary>
    public static TritonExport Write(ITransformer model, string repositoryFolder, TritonExportOptions options, string? defaultName, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(repositoryFolder);
        options.Validated();
        var graph = ScoringGraphLocator.Find(model);
        var onnx = ModelProto.Parser.ParseFrom(graph.OnnxModel).Graph;
        string name = options.Name ?? defaultName ?? TritonExportOptions.Sanitise(onnx.Name) ?? FallbackName;
        var config = TritonConfig.Read(onnx, graph.ScoreName, name, options, LabelsFileName);
        CheckLabels(config, graph);
        string readme = TritonReadme.Write(config, ImageTensorStep.Find(model), source);

        Directory.CreateDirectory(repositoryFolder);
        string target = Path.Combine(repositoryFolder, name);
        if (Directory.Exists(target) && !options.Overwrite)
            throw new IOException($"The Triton model folder '{target}' already exists; nothing was written. Replace it with " +
                                  "Overwrite = true (mlnetcnn: --force) or choose another name (--name).");
        string staging = Path.Combine(repositoryFolder, $".{name}.staging-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(staging, Version));
            AtomicFile.Write(Path.Combine(staging, Version, OnnxFileName), temporary => File.WriteAllBytes(temporary, graph.OnnxModel));
            AtomicFile.WriteText(Path.Combine(staging, TritonConfig.FileName), config.ToText());
            AtomicFile.WriteText(Path.Combine(staging, LabelsFileName), string.Concat(graph.ClassNames.Select(c => c + "\n")));
            AtomicFile.WriteText(Path.Combine(staging, ReadmeFileName), readme);
            SwapIn(staging, target, options.Overwrite);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return new TritonExport(name, target, config.MaxBatchSize, config.InstanceKind, config.Inputs, config.Outputs, graph.ClassNames);
    }

    /// <summary>
    /// The default name for the model file <paramref name="modelPath"/>: its name without extension, or its folder's name when
    /// the file is called <c>model</c> (as <c>mlnetcnn train</c> writes it); null when neither leaves a valid name.
    /// </summary>
    private static string? NameOfFile(string modelPath)
    {
        string stem = Path.GetFileNameWithoutExtension(modelPath);
        if (string.Equals(stem, FallbackName, StringComparison.OrdinalIgnoreCase)
            && Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(modelPath))) is { Length: > 0 } folder)
            stem = folder;
        return TritonExportOptions.Sanitise(stem);
    }

    /// <summary>The score output has one value per class name, and every name fits on its line of <c>labels.txt</c>.</summary>
    private static void CheckLabels(TritonConfig config, ScoringGraph graph)
    {
        var score = config.Outputs.Single(o => o.LabelFile is not null);
        if (score.Dims.Count != 1 || score.Dims[0] != graph.ClassNames.Count)
            throw new InvalidDataException(
                $"The score output '{score.Name}' has shape [batch, {string.Join(", ", score.Dims)}] but the model has {graph.ClassNames.Count} class names; the model is inconsistent.");
        if (graph.ClassNames.FirstOrDefault(c => c.Contains('\n') || c.Contains('\r')) is { } multiline)
            throw new InvalidDataException($"The class name '{multiline}' contains a line break; {LabelsFileName} holds one name a line.");
    }

    private static void SwapIn(string staging, string target, bool overwrite)
    {
        if (!overwrite || !Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        string replaced = $"{staging}.replaced";
        Directory.Move(target, replaced);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(replaced, target);
            throw;
        }
        Directory.Delete(replaced, recursive: true);
    }
}

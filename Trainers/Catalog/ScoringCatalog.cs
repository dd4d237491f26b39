using Microsoft.ML;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Trainers;

/// <summary>Bulk scoring and serving on <c>mlContext.Model</c>.</summary>
public static class ScoringCatalog
{
    /// <summary>
    /// Creates an <see cref="ImageClassifierScorer"/> for a model trained by an MlNetCnn trainer: the model <c>Fit</c> returned,
    /// or one loaded with <c>mlContext.Model.Load</c> from <c>model.zip</c>. The scorer finds the ONNX scoring graph, the class
    /// names and the image settings inside the model.
    /// </summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="model">The trained or loaded model.</param>
    /// <param name="options">Batch size, threads, ONNX Runtime settings, error handling; null for the defaults.</param>
    /// <returns>The scorer; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The model holds no MlNetCnn image classifier, or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">CUDA was requested and ONNX Runtime's CUDA provider does not load.</exception>
    public static ImageClassifierScorer CreateImageClassifierScorer(this ModelOperationsCatalog catalog, ITransformer model,
        ImageClassifierScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageClassifierScorer(model, options);
    }

    /// <summary>
    /// Writes a trained MlNetCnn model saved as <c>model.zip</c> (by <c>mlContext.Model.Save</c>) as one model folder of an
    /// NVIDIA Triton Inference Server model repository, for Triton's ONNX Runtime backend:
    /// <c>NAME/1/model.onnx</c> (the ONNX graph the model scores with), <c>NAME/config.pbtxt</c> (inputs, outputs, data
    /// types and shapes read from that graph; dynamic batching), <c>NAME/labels.txt</c> (the class names, for Triton's
    /// classification extension) and <c>NAME/README.md</c> (the preprocessing a client must apply, an example request).
    /// </summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="modelPath">The saved model.</param>
    /// <param name="repositoryFolder">The model repository (created when missing).</param>
    /// <param name="options">Name, batching, instance kind, overwriting; null for the defaults (name from the file's name).</param>
    /// <returns>What was written.</returns>
    /// <exception cref="FileNotFoundException"><paramref name="modelPath"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ML.NET model, or its graph cannot be served (fixed batch, unsupported type).</exception>
    /// <exception cref="ArgumentException">The model holds no MlNetCnn image classifier, or an option is out of range.</exception>
    /// <exception cref="IOException">The model folder exists and <see cref="TritonExportOptions.Overwrite"/> is off; nothing was written.</exception>
    /// <example>
    /// <code>
    /// var written = mlContext.Model.ExportToTriton("runs/cifar/model.zip", "triton-models", new TritonExportOptions { MaxBatchSize = 32 });
    /// // triton-models/cifar/{1/model.onnx, config.pbtxt, labels.txt, README.md}
    /// </code>
    /// </example>
    public static TritonExport ExportToTriton(this ModelOperationsCatalog catalog, string modelPath, string repositoryFolder,
        TritonExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return TritonModelRepository.Write(catalog, modelPath, repositoryFolder, options ?? new TritonExportOptions());
    }

    /// <summary>
    /// Writes a trained MlNetCnn model — the one <c>Fit</c> returned, or one loaded with <c>mlContext.Model.Load</c> — as one
    /// model folder of a Triton model repository; see
    /// <see cref="ExportToTriton(ModelOperationsCatalog, string, string, TritonExportOptions?)"/> for the files.
    /// </summary>
    /// <param name="catalog">The model operations catalog.</param>
    /// <param name="model">The trained or loaded model.</param>
    /// <param name="repositoryFolder">The model repository (created when missing).</param>
    /// <param name="options">Name, batching, instance kind, overwriting; null for the defaults (name from the network's name).</param>
    /// <returns>What was written.</returns>
    /// <exception cref="InvalidDataException">The model's graph cannot be served (fixed batch, unsupported type).</exception>
    /// <exception cref="ArgumentException">The model holds no MlNetCnn image classifier, or an option is out of range.</exception>
    /// <exception cref="IOException">The model folder exists and <see cref="TritonExportOptions.Overwrite"/> is off; nothing was written.</exception>
    public static TritonExport ExportToTriton(this ModelOperationsCatalog catalog, ITransformer model, string repositoryFolder,
        TritonExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return TritonModelRepository.Write(model, repositoryFolder, options ?? new TritonExportOptions(), defaultName: null, source: "a model in memory");
    }
}

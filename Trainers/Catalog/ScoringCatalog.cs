using Microsoft.ML;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Trainers;

/// <summary>Bulk scoring on <c>mlContext.Model</c>.</summary>
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
}

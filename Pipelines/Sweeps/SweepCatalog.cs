using Microsoft.ML;

namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>Model-comparison sweeps, reached from an <see cref="MLContext"/> with <see cref="SweepCatalogExtensions.Sweeps"/>.</summary>
public sealed class SweepCatalog
{
    private readonly MLContext _mlContext;

    internal SweepCatalog(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>
    /// A new experiment that keeps its spec, journal, trials and results in <paramref name="outputFolder"/>. Running an
    /// experiment on a folder that already holds a sweep resumes (or extends) that sweep.
    /// </summary>
    public SweepExperiment CreateExperiment(string outputFolder) => new(_mlContext, outputFolder);
}

/// <summary>The entry point of sweeps on <see cref="MLContext"/>.</summary>
public static class SweepCatalogExtensions
{
    /// <summary>Model-comparison sweeps: <c>mlContext.Sweeps().CreateExperiment(folder)</c>.</summary>
    public static SweepCatalog Sweeps(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SweepCatalog(mlContext);
    }
}

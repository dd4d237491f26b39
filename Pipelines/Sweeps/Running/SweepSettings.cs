using Microsoft.ML;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>Everything a <see cref="SweepExperiment"/> was set to; checked once before the run.</summary>
internal sealed class SweepSettings
{
    public required string OutputFolder { get; init; }
    public IDataView? Train { get; set; }
    public IDataView? Validation { get; set; }
    public double ValidationFraction { get; set; } = 0.2;
    public IDataView? Test { get; set; }
    public int TestTopK { get; set; } = 3;
    public IEstimator<ITransformer>? Featurizer { get; set; }
    public string LabelColumnName { get; set; } = "Label";
    public string FeaturesColumnName { get; set; } = "Features";
    public SearchSpace? Space { get; set; }
    public SweepMetric Metric { get; set; } = SweepMetric.Accuracy;
    public ISweepTuner Tuner { get; set; } = SweepTuners.Random();
    public ISweepScheduler Scheduler { get; set; } = SweepSchedulers.SuccessiveHalving(1, 9, 3);
    public SweepBudget Budget { get; set; } = new();
    public int Seed { get; set; } = 1;
    public long? MaxParameters { get; set; }
    public int Workers { get; set; } = 1;
    public Func<System.Diagnostics.ProcessStartInfo>? WorkerCommand { get; set; }
    public IReadOnlyList<int> Gpus { get; set; } = [];
    public ISweepMonitor Monitor { get; set; } = new SilentMonitor();
    public string DataDescription { get; set; } = "";

    /// <summary>This, once every required part is set.</summary>
    /// <exception cref="InvalidOperationException">A required part is missing, named with the call that sets it.</exception>
    public SweepSettings Checked()
    {
        if (Train is null) throw new InvalidOperationException("The sweep has no data: call SetDataset(train) before RunAsync.");
        if (Featurizer is null)
            throw new InvalidOperationException("The sweep has no pipeline: call SetPipeline with the transforms that make the key label and the image tensor.");
        if (Space is null) throw new InvalidOperationException("The sweep has no search space: call SetSearchSpace before RunAsync.");
        return this;
    }

    private sealed class SilentMonitor : ISweepMonitor;
}

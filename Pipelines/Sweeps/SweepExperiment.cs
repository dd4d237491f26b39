using Microsoft.ML;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Running;
using MlNetCnn.Pipelines.Sweeps.Scheduling;
using MlNetCnn.Pipelines.Sweeps.Space;
using MlNetCnn.Pipelines.Sweeps.Tuners;

namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>
/// A model-comparison sweep, configured in the style of ML.NET AutoML's experiment and run with <see cref="RunAsync"/>:
/// <code>
/// var result = await mlContext.Sweeps().CreateExperiment("runs/flowers")
///     .SetDataset(train)                                        // raw rows: Label (text) and Image (bytes or path)
///     .SetPipeline(labelToKey.Append(imageToTensor))            // makes the Label key and the Features tensor
///     .SetSearchSpace(new SearchSpace().AddArchitectures("resnet9", "cifarnet").AddRange("LearningRate", 1e-3, 0.1, logScale: true))
///     .SetScheduler(SweepSchedulers.SuccessiveHalving(minEpochs: 1, maxEpochs: 9))
///     .SetBudget(new SweepBudget(Trials: 12))
///     .RunAsync(cancellationToken);
/// </code>
/// Trials rank on one seeded, stratified validation split of the training rows (or on <c>SetDataset</c>'s validation
/// rows); a test set, when given, scores only the top trials, once, at the end. Everything is kept in the output folder
/// — spec, journal, trial folders, leaderboard, charts, the best model — and running the experiment again on the same
/// folder resumes after a crash or Ctrl+C, or extends a finished sweep with a larger budget.
/// </summary>
public sealed class SweepExperiment
{
    private readonly MLContext _mlContext;
    private readonly SweepSettings _settings;

    internal SweepExperiment(MLContext mlContext, string outputFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        _mlContext = mlContext;
        _settings = new SweepSettings { OutputFolder = Path.GetFullPath(outputFolder) };
    }

    /// <summary>
    /// The training rows, and optionally validation rows; without them <paramref name="validationFraction"/> of the training
    /// rows is held out, stratified by label and seeded by <see cref="SetSeed"/>, the same for every trial.
    /// </summary>
    public SweepExperiment SetDataset(IDataView train, IDataView? validation = null, double validationFraction = 0.2)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (validation is null && !(validationFraction > 0 && validationFraction < 0.5))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be in (0, 0.5).");
        _settings.Train = train;
        _settings.Validation = validation;
        _settings.ValidationFraction = validation is null ? validationFraction : 0;
        return this;
    }

    /// <summary>Test rows (raw, like the training rows): the top <paramref name="topK"/> trials are scored on them once, at the end.</summary>
    public SweepExperiment SetTestDataset(IDataView test, int topK = 3)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        _settings.Test = test;
        _settings.TestTopK = topK;
        return this;
    }

    /// <summary>
    /// The transforms from raw rows to what the trainers read: a key label column and a known-size tensor column (for example
    /// <c>MapValueToKey</c> then <c>LoadImagesAsTensors</c>). Fitted once on the training rows; the best model is this chain
    /// followed by the trained network.
    /// </summary>
    public SweepExperiment SetPipeline(IEstimator<ITransformer> featurizer, string labelColumnName = "Label", string featuresColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        _settings.Featurizer = featurizer;
        _settings.LabelColumnName = labelColumnName;
        _settings.FeaturesColumnName = featuresColumnName;
        return this;
    }

    /// <summary>What the trials choose from.</summary>
    public SweepExperiment SetSearchSpace(SearchSpace space)
    {
        _settings.Space = space ?? throw new ArgumentNullException(nameof(space));
        return this;
    }

    /// <summary>The validation figure trials are ranked by. Default <see cref="SweepMetric.Accuracy"/>.</summary>
    public SweepExperiment SetMetric(SweepMetric metric)
    {
        if (!Enum.IsDefined(metric)) throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown sweep metric.");
        _settings.Metric = metric;
        return this;
    }

    /// <summary>How configurations are proposed. Default: random search.</summary>
    public SweepExperiment SetTuner(ISweepTuner tuner)
    {
        _settings.Tuner = tuner ?? throw new ArgumentNullException(nameof(tuner));
        return this;
    }

    /// <summary>How far trials train and which go on. Default: successive halving from 1 to 9 epochs with η = 3.</summary>
    public SweepExperiment SetScheduler(ISweepScheduler scheduler)
    {
        _settings.Scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        return this;
    }

    /// <summary>Trials, time, per-trial limit, retries and the limit of consecutive failures.</summary>
    public SweepExperiment SetBudget(SweepBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        _settings.Budget = budget;
        return this;
    }

    /// <summary>The seed of the validation split, of the tuner and of every trial's training. Default 1.</summary>
    public SweepExperiment SetSeed(int seed)
    {
        _settings.Seed = seed;
        return this;
    }

    /// <summary>Refuses, before the first trial, every candidate network with more parameters than this.</summary>
    public SweepExperiment SetMaxParameters(long maxParameters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParameters, 1);
        _settings.MaxParameters = maxParameters;
        return this;
    }

    /// <summary>
    /// Runs <paramref name="workers"/> trials at once, each in its own worker process started with <paramref name="command"/>
    /// (the start of the <c>mlnetcnn</c> tool, <see cref="ProcessExecutor.CurrentExecutable"/> from within it, or any program whose
    /// <c>sweep-worker --trial FILE</c> calls <see cref="SweepWorker.Run"/>), each with its share of the CPU threads, or its own GPU
    /// from <paramref name="gpus"/>. One worker without GPUs (the default) runs trials in this process, one after another.
    /// </summary>
    public SweepExperiment SetWorkers(int workers, Func<System.Diagnostics.ProcessStartInfo>? command = null, IReadOnlyList<int>? gpus = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if (gpus is { Count: > 0 } && gpus.Count < workers)
            throw new ArgumentException($"{workers} workers need a GPU each; {gpus.Count} given ({string.Join(",", gpus)}).", nameof(gpus));
        if ((workers > 1 || gpus is { Count: > 0 }) && command is null)
            throw new ArgumentException("Worker processes need the command that starts one: the mlnetcnn tool, or your own program whose sweep-worker verb calls SweepWorker.Run.", nameof(command));
        _settings.Workers = workers;
        _settings.WorkerCommand = command;
        _settings.Gpus = gpus ?? [];
        return this;
    }

    /// <summary>Receives the sweep's events.</summary>
    public SweepExperiment SetMonitor(ISweepMonitor monitor)
    {
        _settings.Monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        return this;
    }

    /// <summary>Where the data came from, for the spec and reports (for example <c>cifar10 at data/cifar-10</c>).</summary>
    public SweepExperiment SetDataDescription(string description)
    {
        _settings.DataDescription = description ?? throw new ArgumentNullException(nameof(description));
        return this;
    }

    /// <summary>
    /// Runs the sweep (or resumes it) until the scheduler finishes or a budget runs out; then scores the top trials on the test
    /// set, writes the leaderboard and charts and saves the best model.
    /// </summary>
    /// <exception cref="InvalidOperationException">Something required is not set, or the folder holds a sweep of another spec
    /// (the message names each difference).</exception>
    /// <exception cref="OperationCanceledException">Cancelled: the journal and checkpoints stay; running again resumes.</exception>
    public Task<SweepResult> RunAsync(CancellationToken cancellation = default) =>
        Task.Run(() => new SweepRun(_mlContext, _settings.Checked()).RunAsync(cancellation), cancellation);

    /// <summary>
    /// Prepares the sweep for workers that share <paramref name="store"/> instead of running it here: featurizes the data
    /// once into the output folder (which every worker must see at the same path), checks every candidate, and registers
    /// the plan — spec, search space, trial budget — in the store. Workers (<see cref="Store.SweepStoreWorker"/>,
    /// <c>mlnetcnn sweep-worker</c>) then run the trials; <see cref="Reports.SweepReport.Rebuild(Store.ISweepStore, string?)"/>
    /// writes the leaderboard. Registering again with a larger trial budget extends the sweep; the time budget, workers and
    /// test set of this experiment are not used.
    /// </summary>
    /// <exception cref="InvalidOperationException">Something required is not set, or the store holds a sweep of this name with another spec.</exception>
    public Task<Store.SweepPlan> RegisterAsync(Store.ISweepStore store, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Task.Run(() =>
        {
            var settings = _settings.Checked();
            var workspace = SweepWorkspace.Prepare(_mlContext, settings, cancellation);
            return store.Register(new Store.SweepPlan(store.SweepName, workspace.Folder.Root, workspace.Spec, settings.Space!.ToJson(),
                settings.Budget.Trials, settings.Budget.Retries, settings.Budget.MaxConsecutiveFailures));
        }, cancellation);
    }
}

using System.CommandLine;
using System.Globalization;
using MlNetCnn.Cli.ScaleOut;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Pipelines.Sweeps.Reports;
using MlNetCnn.Pipelines.Sweeps.Store;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// <c>sweep ... --storage STORE</c>, <c>--slurm</c> or <c>--k8s-manifest FILE</c>: the sweep is registered in a shared store
/// and run by <c>sweep-worker</c> processes — <c>--workers N</c> of them on this machine (0: none), a Slurm job array, or a
/// Kubernetes Indexed Job. The store's location reaches the workers through <c>MLNETCNN_STORAGE</c>, never on a command line.
/// </summary>
internal sealed class StoreSweep(ParseResult parsed, ScaleOutOptions scaleOut, CliSession session, Progress progress)
{
    public int Run(SweepExperiment experiment, string folder, string location, ISweepStore store, int workers, IReadOnlyList<int> gpus)
    {
        // The cluster's settings are checked before the data is featurized, so a bad flag costs nothing.
        var slurm = parsed.GetValue(scaleOut.Slurm) ? SlurmSettings(store.SweepName, folder, workers) : null;
        string? manifest = parsed.GetValue(scaleOut.K8sManifest);
        var kubernetes = manifest is null ? null : scaleOut.KubernetesSettings(parsed, store.SweepName, Math.Max(1, workers));
        var plan = experiment.RegisterAsync(store, session.Cancellation).GetAwaiter().GetResult();
        progress.Report($"Sweep '{plan.Name}' registered in {store.Location}: {plan.Trials} trials; folder {plan.Folder}.");
        if (slurm is not null) return SubmitToSlurm(slurm, plan.Name, location);
        if (kubernetes is not null) return WriteManifest(kubernetes, manifest!);
        if (workers == 0)
        {
            session.Output.WriteLine($"Start workers on any machine that sees {plan.Folder}: " +
                                     $"{SweepStores.EnvironmentVariable}=<storage> mlnetcnn sweep-worker --sweep {plan.Name}");
            return CliApp.Success;
        }
        int[] codes = LocalWorkers.Run(location, plan.Name, workers, gpus, session.Error, session.Cancellation);
        session.Cancellation.ThrowIfCancellationRequested();
        var leaderboard = SweepReport.Rebuild(store);
        session.Output.Write(leaderboard.ToText());
        if (codes.Any(c => c != CliApp.Success))
        {
            session.Error.WriteLine($"error: {codes.Count(c => c != CliApp.Success)} of {workers} workers ended with an error (exit codes {string.Join(", ", codes)}); " +
                                    "the sweep goes on when workers are started again.");
            return CliApp.Failure;
        }
        return leaderboard.Rows.Any(r => r.Trial.State == TrialState.Completed) ? CliApp.Success : CliApp.Failure;
    }

    /// <summary>The array of <paramref name="workers"/> <c>sweep-worker</c> tasks of the sweep <paramref name="name"/>.</summary>
    private SlurmArraySettings SlurmSettings(string name, string folder, int workers)
    {
        int cpus = parsed.GetValue(scaleOut.SlurmCpus) ?? 1;
        bool gpu = (parsed.GetValue(scaleOut.SlurmGpus) ?? 0) > 0;
        var worker = Tool([ProcessExecutor.Verb, "--sweep", name, "--threads", cpus.ToString(CultureInfo.InvariantCulture), .. gpu ? new[] { "--gpu", "0" } : []]);
        return scaleOut.SlurmSettings(parsed, name, workers, folder, worker);
    }

    /// <summary>Writes the array script into the sweep's folder and, unless told not to, submits it and the report job.</summary>
    private int SubmitToSlurm(SlurmArraySettings settings, string name, string location)
    {
        string script = Path.Combine(settings.WorkingFolder, "slurm", "workers.sbatch");
        if (parsed.GetValue(scaleOut.SlurmScriptOnly))
        {
            SlurmArrayScript.Write(settings, script);
            session.Output.WriteLine($"{script}: {settings.Workers} worker task(s); submit with {SweepStores.EnvironmentVariable}=<storage> sbatch {script}");
            return CliApp.Success;
        }
        var environment = new Dictionary<string, string> { [SweepStores.EnvironmentVariable] = location };
        var jobs = new SlurmSubmission(environment: environment).Submit(settings, script, Tool(["sweep-report", "--sweep", name]));
        session.Output.WriteLine($"submitted: workers job {jobs.WorkersJobId} ({settings.Workers} array task(s), script {script}), report job {jobs.ReportJobId} " +
                                 $"after it; logs in {Path.Combine(settings.WorkingFolder, settings.LogFolder)}.");
        return CliApp.Success;
    }

    /// <summary>Writes the Indexed Job manifest; applying it is the user's (there is no cluster here to try it on).</summary>
    private int WriteManifest(KubernetesJobSettings settings, string manifest)
    {
        KubernetesJobManifest.Write(settings, manifest);
        session.Output.WriteLine($"{manifest}: Indexed Job '{settings.Name}' of {settings.Workers} worker pod(s). Then: " +
                                 $"kubectl create secret generic {settings.StorageSecretName} --from-literal={settings.StorageSecretKey}=<storage as the pods reach it>; " +
                                 $"kubectl apply -f {manifest}");
        return CliApp.Success;
    }

    /// <summary>This tool with <paramref name="arguments"/>, as words: the executable (and its assembly under the dotnet host) first.</summary>
    private static IReadOnlyList<string> Tool(IEnumerable<string> arguments)
    {
        var start = ProcessExecutor.CurrentExecutable();
        return [start.FileName, .. start.ArgumentList, .. arguments];
    }
}

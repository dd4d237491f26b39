using System.CommandLine;
using System.Globalization;
using MlNetCnn.Cli.Commands;
using MlNetCnn.Cli.ScaleOut;

namespace MlNetCnn.Cli.Sweeps;

/// <summary>
/// The flags of <c>sweep</c> that hand its workers to a cluster's own engine instead of running them here: <c>--slurm</c>
/// (a job array, submitted with <c>sbatch</c>) and <c>--k8s-manifest</c> (an Indexed Job to apply with <c>kubectl</c>).
/// </summary>
internal sealed class ScaleOutOptions
{
    public Option<bool> Slurm { get; } = new("--slurm")
    {
        Description = "Register the sweep in its store (--storage, default the --out folder on a shared file system) and submit --workers sweep-worker " +
                      "tasks as a Slurm job array (requeued on SIGUSR1 before the time limit, resuming from the trial's checkpoint), then a report job.",
    };

    public Option<string?> SlurmPartition { get; } = new("--slurm-partition") { HelpName = "P", Description = "The partition of the array and report jobs. Default: the cluster's." };

    public Option<string?> SlurmTime { get; } = new("--slurm-time")
    {
        HelpName = "4h",
        Description = "Time limit of each array task (s, m, h); the worker is warned 5 minutes before it, checkpoints and is requeued. Default: the partition's.",
    };

    public Option<int?> SlurmCpus { get; } = new Option<int?>("--slurm-cpus") { HelpName = "N", Description = "CPUs (and training threads) of each task. Default 1." }.AtLeast(1);

    public Option<string?> SlurmMemory { get; } = new("--slurm-mem") { HelpName = "8G", Description = "Memory of each task, as sbatch --mem takes it. Default: the partition's." };

    public Option<int?> SlurmGpus { get; } = new Option<int?>("--slurm-gpus")
    {
        HelpName = "N",
        Description = "GPUs of each task (--gres=gpu:N); the worker trains on the first one Slurm gives it (one trial per GPU). Default 0.",
    }.WholeNumber("0 or more", v => v >= 0);

    public Option<int?> SlurmMaxRunning { get; } = new Option<int?>("--slurm-max-running") { HelpName = "K", Description = "At most K array tasks at once (--array=…%K)." }.AtLeast(1);

    public Option<bool> SlurmScriptOnly { get; } = new("--slurm-script-only") { Description = "Write the sbatch script into the sweep folder but do not submit it." };

    public Option<string?> K8sManifest { get; } = new("--k8s-manifest")
    {
        HelpName = "FILE",
        Description = "Register the sweep in its store and write a Kubernetes Indexed Job of --workers sweep-worker pods to FILE (apply it with kubectl); nothing runs here.",
    };

    public Option<string?> K8sImage { get; } = new("--k8s-image") { HelpName = "IMAGE", Description = "The container image with the mlnetcnn tool (required with --k8s-manifest)." };

    public Option<string?> K8sVolumeClaim { get; } = new("--k8s-volume-claim")
    {
        HelpName = "PVC",
        Description = "The PersistentVolumeClaim holding the sweep's folder, which every pod mounts (required with --k8s-manifest).",
    };

    public Option<string?> K8sMount { get; } = new("--k8s-mount") { HelpName = "PATH", Description = "Where the pods mount the claim. Default /sweeps." };

    public Option<string?> K8sFolder { get; } = new("--k8s-folder")
    {
        HelpName = "PATH",
        Description = "The sweep's folder as the pods see it, when not at the --out path (e.g. /sweeps/NAME). Default: the --out path.",
    };

    public Option<string?> K8sSecret { get; } = new("--k8s-secret") { HelpName = "NAME", Description = "The Secret whose key 'storage' holds the store's location. Default mlnetcnn-storage." };

    public Option<bool> K8sGpu { get; } = new("--k8s-gpu") { Description = "Give each pod one GPU (nvidia.com/gpu: 1): one trial per GPU." };

    public Option<int?> K8sCpus { get; } = new Option<int?>("--k8s-cpus") { HelpName = "N", Description = "CPUs (and training threads) of each pod. Default 1." }.AtLeast(1);

    public Option<string?> K8sMemory { get; } = new("--k8s-memory") { HelpName = "4Gi", Description = "Memory of each pod. Default 4Gi." };

    public Option<string?> K8sNamespace { get; } = new("--k8s-namespace") { HelpName = "NS", Description = "The Job's namespace. Default: kubectl's." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
                 {
                     Slurm, SlurmPartition, SlurmTime, SlurmCpus, SlurmMemory, SlurmGpus, SlurmMaxRunning, SlurmScriptOnly,
                     K8sManifest, K8sImage, K8sVolumeClaim, K8sMount, K8sFolder, K8sSecret, K8sGpu, K8sCpus, K8sMemory, K8sNamespace,
                 })
            command.Add(option);
    }

    /// <summary>True when the workers go to a cluster engine.</summary>
    public bool Any(ParseResult parsed) => parsed.GetValue(Slurm) || parsed.GetValue(K8sManifest) is not null;

    /// <summary>The array of <paramref name="workers"/> tasks running <paramref name="workerCommand"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="UsageException">A setting Slurm cannot take; the message names the flag.</exception>
    public SlurmArraySettings SlurmSettings(ParseResult parsed, string sweepName, int workers, string folder, IReadOnlyList<string> workerCommand)
    {
        var settings = new SlurmArraySettings
        {
            JobName = "mlnetcnn-" + sweepName,
            Workers = workers,
            WorkerCommand = workerCommand,
            WorkingFolder = folder,
            LogFolder = Path.Combine("slurm", "logs"),
            MaxConcurrent = parsed.GetValue(SlurmMaxRunning),
            Partition = parsed.GetValue(SlurmPartition),
            TimeLimit = SweepOptions.Duration(parsed.GetValue(SlurmTime), SlurmTime.Name),
            CpusPerTask = parsed.GetValue(SlurmCpus) ?? 1,
            Memory = parsed.GetValue(SlurmMemory),
            GpusPerTask = parsed.GetValue(SlurmGpus) ?? 0,
        };
        return Checked(settings.Validate, settings, SlurmFlag);
    }

    /// <summary>The Indexed Job of <paramref name="workers"/> pods for the sweep <paramref name="sweepName"/>.</summary>
    /// <exception cref="UsageException">A missing or bad setting; the message names the flag.</exception>
    public KubernetesJobSettings KubernetesSettings(ParseResult parsed, string sweepName, int workers)
    {
        string image = parsed.GetValue(K8sImage) ?? throw new UsageException($"{K8sImage.Name}: required with {K8sManifest.Name} (the image with the mlnetcnn tool).");
        string claim = parsed.GetValue(K8sVolumeClaim) ?? throw new UsageException($"{K8sVolumeClaim.Name}: required with {K8sManifest.Name} (the volume all pods share the sweep's folder on).");
        var settings = new KubernetesJobSettings
        {
            Name = DnsName("mlnetcnn-" + sweepName),
            Image = image,
            SweepName = sweepName,
            SweepVolumeClaim = claim,
            MountPath = parsed.GetValue(K8sMount) ?? "/sweeps",
            SweepFolder = parsed.GetValue(K8sFolder),
            Workers = workers,
            ThreadsPerWorker = parsed.GetValue(K8sCpus) ?? 1,
            Gpu = parsed.GetValue(K8sGpu),
            Memory = parsed.GetValue(K8sMemory) ?? "4Gi",
            StorageSecretName = parsed.GetValue(K8sSecret) ?? "mlnetcnn-storage",
            Namespace = parsed.GetValue(K8sNamespace),
        };
        return Checked(settings.Validate, settings, KubernetesFlag);
    }

    /// <summary><paramref name="settings"/> once <paramref name="validate"/> accepts them; its refusal as a usage error naming the flag.</summary>
    private static T Checked<T>(Action validate, T settings, Func<string?, string> flagOf)
    {
        try
        {
            validate();
            return settings;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{flagOf(e.ParamName)}: {e.Message.Split(" (Parameter")[0]}");
        }
    }

    private string SlurmFlag(string? setting) => setting switch
    {
        nameof(SlurmArraySettings.Partition) => SlurmPartition.Name,
        nameof(SlurmArraySettings.TimeLimit) => SlurmTime.Name,
        nameof(SlurmArraySettings.CpusPerTask) => SlurmCpus.Name,
        nameof(SlurmArraySettings.Memory) => SlurmMemory.Name,
        nameof(SlurmArraySettings.GpusPerTask) => SlurmGpus.Name,
        nameof(SlurmArraySettings.MaxConcurrent) => SlurmMaxRunning.Name,
        nameof(SlurmArraySettings.WorkingFolder) => "--out",
        nameof(SlurmArraySettings.Workers) => "--workers",
        _ => Slurm.Name,
    };

    private string KubernetesFlag(string? setting) => setting switch
    {
        nameof(KubernetesJobSettings.Image) => K8sImage.Name,
        nameof(KubernetesJobSettings.SweepVolumeClaim) => K8sVolumeClaim.Name,
        nameof(KubernetesJobSettings.MountPath) => K8sMount.Name,
        nameof(KubernetesJobSettings.SweepFolder) => K8sFolder.Name,
        nameof(KubernetesJobSettings.StorageSecretName) => K8sSecret.Name,
        nameof(KubernetesJobSettings.ThreadsPerWorker) => K8sCpus.Name,
        nameof(KubernetesJobSettings.Memory) => K8sMemory.Name,
        nameof(KubernetesJobSettings.Namespace) => K8sNamespace.Name,
        nameof(KubernetesJobSettings.Workers) => "--workers",
        _ => K8sManifest.Name,
    };

    /// <summary><paramref name="text"/> as a DNS label: lower case, other characters as '-', at most 63 characters.</summary>
    private static string DnsName(string text)
    {
        var chars = text.ToLower(CultureInfo.InvariantCulture).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        string name = new string(chars).Trim('-');
        return name.Length <= 63 ? name : name[..63].TrimEnd('-');
    }
}

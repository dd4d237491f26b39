using System.Globalization;
using k8s;
using k8s.Models;
using MlNetCnn.Models.IO;

namespace MlNetCnn.Cli.ScaleOut;

/// <summary>
/// Writes a sweep's workers as a Kubernetes Indexed Job (batch/v1), built from the KubernetesClient typed models and
/// serialised with <see cref="KubernetesYaml"/>, for <c>kubectl apply -f</c>. Nothing here talks to a cluster, and the
/// manifest has not been applied to one by the project's tests (there is none); they check that it round-trips through
/// the typed models.
/// </summary>
/// <remarks>
/// <para>
/// Every pod runs one worker until the sweep is done, so each index completes once (exit 0). The pods restart never
/// (<c>restartPolicy: Never</c>) and a pod failure policy says what a worker's exit means: code 3 (stopped by SIGTERM
/// with its trial checkpointed and released: work remains) and a disruption (eviction, preemption, node drain) are
/// ignored — a new pod for the same index resumes — without counting against <c>backoffLimit</c>; code 2 (bad
/// arguments) fails the Job at once, as no retry can mend it; code 1 counts against <c>backoffLimit</c>.
/// <c>podReplacementPolicy: Failed</c> starts the new pod only once the old one has ended, so two never hold one trial.
/// </para>
/// <para>
/// Kubernetes sets JOB_COMPLETION_INDEX in an Indexed Job's pods; the manifest also passes the index as
/// MLNETCNN_WORKER_INDEX (from the pod's job-completion-index annotation) for the worker's logs.
/// </para>
/// </remarks>
public static class KubernetesJobManifest
{
    /// <summary>The worker container's name (the pod failure policy's exit-code rules name it).</summary>
    public const string ContainerName = "worker";

    /// <summary>The variable that holds the sweep's storage, as <c>sweep-worker</c> reads it when <c>--storage</c> is absent.</summary>
    public const string StorageVariable = "MLNETCNN_STORAGE";

    /// <summary>The variable that holds the worker's index (0 to workers - 1).</summary>
    public const string WorkerIndexVariable = "MLNETCNN_WORKER_INDEX";

    /// <summary>The volume name of the shared sweep folder in the pod.</summary>
    public const string SweepVolume = "sweep";

    /// <summary>The exit code of a worker stopped with work remaining (see <see cref="SlurmArraySettings.RequeueExitCode"/>).</summary>
    public const int WorkRemainsExitCode = SlurmArraySettings.RequeueExitCode;

    /// <summary>The exit code of a worker given bad arguments.</summary>
    public const int BadArgumentsExitCode = 2;

    /// <summary>The Job for <paramref name="settings"/> (validated first; see <see cref="KubernetesJobSettings.Validate"/>).</summary>
    public static V1Job Build(KubernetesJobSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var labels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = "mlnetcnn",
            ["app.kubernetes.io/component"] = "sweep-worker",
            ["app.kubernetes.io/instance"] = settings.Name,
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = labels },
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = settings.Workers,
                Parallelism = settings.Workers,
                BackoffLimit = settings.BackoffLimit,
                PodReplacementPolicy = "Failed",
                PodFailurePolicy = FailurePolicy(),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        TerminationGracePeriodSeconds = settings.TerminationGracePeriodSeconds,
                        Containers = [Worker(settings)],
                        Volumes =
                        [
                            new V1Volume
                            {
                                Name = SweepVolume,
                                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = settings.SweepVolumeClaim },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>The manifest's YAML text.</summary>
    public static string ToYaml(KubernetesJobSettings settings) => KubernetesYaml.Serialize(Build(settings));

    /// <summary>Writes the manifest's YAML to <paramref name="path"/> atomically.</summary>
    public static void Write(KubernetesJobSettings settings, string path) => AtomicFile.WriteText(path, ToYaml(settings));

    /// <summary>The worker's arguments after the program: <c>sweep-worker --sweep NAME --threads N [--gpu 0] [--folder DIR]</c>.</summary>
    public static IReadOnlyList<string> WorkerArguments(KubernetesJobSettings settings) =>
    [
        "sweep-worker", "--sweep", settings.SweepName, "--threads", settings.ThreadsPerWorker.ToString(CultureInfo.InvariantCulture),
        .. settings.Gpu ? new[] { "--gpu", "0" } : [],
        .. settings.SweepFolder is { } folder ? new[] { "--folder", folder } : [],
    ];

    private static V1Container Worker(KubernetesJobSettings settings)
    {
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(settings.ThreadsPerWorker.ToString(CultureInfo.InvariantCulture)),
            ["memory"] = new(settings.Memory),
        };
        var limits = new Dictionary<string, ResourceQuantity>(resources);
        if (settings.Gpu) limits["nvidia.com/gpu"] = new ResourceQuantity("1");
        return new V1Container
        {
            Name = ContainerName,
            Image = settings.Image,
            Command = [settings.Program],
            Args = [.. WorkerArguments(settings)],
            WorkingDir = settings.MountPath,
            Env =
            [
                new V1EnvVar
                {
                    Name = StorageVariable,
                    ValueFrom = new V1EnvVarSource
                    {
                        SecretKeyRef = new V1SecretKeySelector { Name = settings.StorageSecretName, Key = settings.StorageSecretKey },
                    },
                },
                new V1EnvVar
                {
                    Name = WorkerIndexVariable,
                    ValueFrom = new V1EnvVarSource
                    {
                        FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
                    },
                },
            ],
            Resources = new V1ResourceRequirements { Requests = resources, Limits = limits },
            VolumeMounts = [new V1VolumeMount { Name = SweepVolume, MountPath = settings.MountPath }],
        };
    }

    private static V1PodFailurePolicy FailurePolicy() => new()
    {
        Rules =
        [
            ExitCodeRule("FailJob", BadArgumentsExitCode),
            ExitCodeRule("Ignore", WorkRemainsExitCode),
            new V1PodFailurePolicyRule
            {
                Action = "Ignore",
                OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }],
            },
        ],
    };

    private static V1PodFailurePolicyRule ExitCodeRule(string action, int exitCode) => new()
    {
        Action = action,
        OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = ContainerName, OperatorProperty = "In", Values = [exitCode] },
    };
}

using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace MlNetCnn.Cli.ScaleOut;

/// <summary>
/// What <see cref="KubernetesJobManifest"/> writes into a sweep's Indexed Job: <see cref="Workers"/> pods, each running
/// <c>mlnetcnn sweep-worker --sweep NAME --threads N [--gpu 0]</c> with the sweep's storage (a PostgreSQL URL, or the
/// path of a folder store on the shared volume) in MLNETCNN_STORAGE from a Secret, and the shared volume (a
/// PersistentVolumeClaim, read-write by every worker) mounted for the trials' checkpoints. Variants are data.
/// </summary>
public sealed partial record KubernetesJobSettings
{
    /// <summary>The Job's name: a DNS label (lower-case letters, digits, '-'; at most 63 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The container image holding the mlnetcnn tool, e.g. <c>registry.example/mlnetcnn:1.2</c>.</summary>
    public required string Image { get; init; }

    /// <summary>The sweep's name in its store (<c>--sweep</c>).</summary>
    public required string SweepName { get; init; }

    /// <summary>The PersistentVolumeClaim of the shared sweep folder (ReadWriteMany), where checkpoints live.</summary>
    public required string SweepVolumeClaim { get; init; }

    /// <summary>Where that volume is mounted in each pod; also the worker's working folder.</summary>
    public string MountPath { get; init; } = "/sweeps";

    /// <summary>How many workers (pods): the Job's <c>completions</c> and <c>parallelism</c>.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The worker's threads (<c>--threads</c>): also its CPU request and limit.</summary>
    public int ThreadsPerWorker { get; init; } = 1;

    /// <summary>Whether each worker gets one GPU (<c>nvidia.com/gpu: 1</c>, <c>--gpu 0</c>): one trial trains per GPU.</summary>
    public bool Gpu { get; init; }

    /// <summary>Each worker's memory request and limit, as a Kubernetes quantity (e.g. <c>4Gi</c>, <c>1500Mi</c>).</summary>
    public string Memory { get; init; } = "4Gi";

    /// <summary>The Secret that holds the sweep's storage (a PostgreSQL URL with its password, or a folder store's path).</summary>
    public string StorageSecretName { get; init; } = "mlnetcnn-storage";

    /// <summary>The key of the storage in that Secret.</summary>
    public string StorageSecretKey { get; init; } = "storage";

    /// <summary>How many failed pods (exit code 1, or killed) the Job tolerates before it fails.</summary>
    public int BackoffLimit { get; init; } = 6;

    /// <summary>
    /// Seconds between SIGTERM and SIGKILL when a pod is stopped: the running trial must reach its next step and write
    /// its checkpoint in that time (a step plus a checkpoint of the largest network, with room).
    /// </summary>
    public int TerminationGracePeriodSeconds { get; init; } = 300;

    /// <summary>The Job's namespace; null for the one kubectl applies it to.</summary>
    public string? Namespace { get; init; }

    /// <summary>The tool's command in the image.</summary>
    public string Program { get; init; } = "mlnetcnn";

    /// <summary>
    /// The sweep's folder as the pods see it, on the volume (the workers' <c>--folder</c>), when it is not at the path the
    /// sweep's plan records; null for the plan's path.
    /// </summary>
    public string? SweepFolder { get; init; }

    /// <summary>Checks every setting; the message of the <see cref="ArgumentException"/> names the setting, what it takes and what it found.</summary>
    public void Validate()
    {
        CheckName(nameof(Name), Name, 63);
        if (string.IsNullOrWhiteSpace(Image) || Image.Any(char.IsWhiteSpace)) throw Bad(nameof(Image), "an image reference without white space", Quoted(Image));
        if (string.IsNullOrWhiteSpace(SweepName)) throw Bad(nameof(SweepName), "the sweep's name", Quoted(SweepName));
        CheckName(nameof(SweepVolumeClaim), SweepVolumeClaim, 253);
        if (string.IsNullOrEmpty(MountPath) || MountPath[0] != '/' || MountPath.Contains(':'))
            throw Bad(nameof(MountPath), "an absolute path in the container, without ':'", Quoted(MountPath));
        if (Workers is < 1 or > 100_000) throw Bad(nameof(Workers), "a whole number from 1 to 100000", Number(Workers));
        if (ThreadsPerWorker < 1) throw Bad(nameof(ThreadsPerWorker), "at least 1", Number(ThreadsPerWorker));
        if (!IsQuantity(Memory)) throw Bad(nameof(Memory), "a Kubernetes quantity such as 4Gi or 1500Mi", Quoted(Memory));
        CheckName(nameof(StorageSecretName), StorageSecretName, 253);
        if (string.IsNullOrEmpty(StorageSecretKey) || !SecretKey().IsMatch(StorageSecretKey))
            throw Bad(nameof(StorageSecretKey), "letters, digits, '-', '_' or '.'", Quoted(StorageSecretKey));
        if (BackoffLimit < 0) throw Bad(nameof(BackoffLimit), "0 or more", Number(BackoffLimit));
        if (TerminationGracePeriodSeconds < 1) throw Bad(nameof(TerminationGracePeriodSeconds), "at least 1 second", Number(TerminationGracePeriodSeconds));
        if (Namespace is not null) CheckName(nameof(Namespace), Namespace, 63);
        if (string.IsNullOrWhiteSpace(Program)) throw Bad(nameof(Program), "the tool's command in the image", Quoted(Program));
        if (SweepFolder is not null && (SweepFolder.Length == 0 || SweepFolder[0] != '/'))
            throw Bad(nameof(SweepFolder), "an absolute path in the container", Quoted(SweepFolder));
    }

    private static void CheckName(string setting, string? name, int longest)
    {
        if (name is null || name.Length > longest || !DnsName().IsMatch(name))
            throw Bad(setting, $"a DNS name (lower-case letters, digits and '-', starting and ending with a letter or digit, at most {longest} characters)", Quoted(name));
    }

    private static bool IsQuantity(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            return new ResourceQuantity(text).ToDecimal() > 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Quoted(string? text) => text is null ? "null" : $"'{text}'";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ArgumentException Bad(string setting, string expected, string found) =>
        new($"Kubernetes setting {setting}: expected {expected}, found {found}.", setting);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsName();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex SecretKey();
}

using System.Text.RegularExpressions;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>Options of <see cref="ScoringCatalog.ExportToTriton(Microsoft.ML.ModelOperationsCatalog, string, string, TritonExportOptions?)"/>.</summary>
public sealed partial class TritonExportOptions
{
    /// <summary>The default <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 64;

    /// <summary>
    /// The model's name in the repository (its folder, and <c>POST /v2/models/NAME/infer</c>): letters, digits, <c>_</c>,
    /// <c>-</c> and <c>.</c>, starting with a letter or digit. Null for a name made from the model file's name (its
    /// folder's name when the file is called <c>model.zip</c>, as <c>mlnetcnn train</c> writes it) or, for a model in memory,
    /// from the network's name.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The largest batch Triton sends to the model (<c>max_batch_size</c>); at least 1. Default 64.</summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>How long Triton's dynamic batcher may hold a request to fill a batch, in microseconds; 0 (the default) for Triton's own default.</summary>
    public int MaxQueueDelayMicroseconds { get; set; }

    /// <summary>GPU (the default) or CPU instances.</summary>
    public TritonInstanceKind InstanceKind { get; set; } = TritonInstanceKind.Gpu;

    /// <summary>
    /// Replace an existing model folder of the same name. Without it an existing folder is an error and nothing is written;
    /// with it the new folder is written beside the old one and then swapped in, so the folder is never half-written.
    /// </summary>
    public bool Overwrite { get; set; }

    /// <summary>The options, checked; the message of a bad value names the property.</summary>
    internal TritonExportOptions Validated()
    {
        if (Name is not null && !ModelName().IsMatch(Name))
            throw new ArgumentException(
                $"Expected a Triton model name of letters, digits, '_', '-' and '.', starting with a letter or digit; got '{Name}'.", nameof(Name));
        if (MaxBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "Expected at least 1 (the ONNX graph has a dynamic batch dimension).");
        if (MaxQueueDelayMicroseconds < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxQueueDelayMicroseconds), MaxQueueDelayMicroseconds, "Expected 0 or more.");
        if (!Enum.IsDefined(InstanceKind))
            throw new ArgumentOutOfRangeException(nameof(InstanceKind), InstanceKind, "Expected Gpu or Cpu.");
        return this;
    }

    /// <summary>A valid <see cref="Name"/> made from <paramref name="text"/>: other characters become <c>_</c>; null when nothing is left.</summary>
    internal static string? Sanitise(string text)
    {
        string name = Unaccepted().Replace(text, "_").TrimStart('_', '-', '.');
        return name.Length > 0 ? name : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex ModelName();

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unaccepted();
}

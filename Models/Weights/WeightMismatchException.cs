namespace MlNetCnn.Models.Weights;

/// <summary>A key with its shape, for mismatch reports.</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Shape">Its shape.</param>
public sealed record KeyShape(string Key, long[] Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key} [{string.Join(", ", Shape)}]";
}

/// <summary>A key present on both sides with different shapes.</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="NetworkShape">Its shape in the network.</param>
/// <param name="FileShape">Its shape in the file.</param>
public sealed record KeyShapeMismatch(string Key, long[] NetworkShape, long[] FileShape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: network [{string.Join(", ", NetworkShape)}], file [{string.Join(", ", FileShape)}]";
}

/// <summary>A weights file does not fit the network: every missing, unexpected and mis-shaped key at once.</summary>
public sealed class WeightMismatchException : Exception
{
    /// <summary>Creates the exception from the three lists.</summary>
    public WeightMismatchException(string path, IReadOnlyList<KeyShape> missing, IReadOnlyList<KeyShape> unexpected, IReadOnlyList<KeyShapeMismatch> misshaped)
        : base(Describe(path, missing, unexpected, misshaped))
    {
        Path = path;
        Missing = missing;
        Unexpected = unexpected;
        Misshaped = misshaped;
    }

    /// <summary>The weights file, or what the weights are (see <see cref="StateDictSource.Name"/>).</summary>
    public string Path { get; }

    /// <summary>Keys the network has and the file lacks.</summary>
    public IReadOnlyList<KeyShape> Missing { get; }

    /// <summary>Keys the file has and the network lacks.</summary>
    public IReadOnlyList<KeyShape> Unexpected { get; }

    /// <summary>Keys on both sides whose shapes or element kinds (floating-point or integer) differ.</summary>
    public IReadOnlyList<KeyShapeMismatch> Misshaped { get; }

    private static string Describe(string path, IReadOnlyList<KeyShape> missing, IReadOnlyList<KeyShape> unexpected, IReadOnlyList<KeyShapeMismatch> misshaped)
    {
        var lines = new List<string>
        {
            $"The weights in {path} do not fit the network: {missing.Count} missing, {unexpected.Count} unexpected, {misshaped.Count} mis-shaped.",
        };
        if (missing.Count > 0) lines.Add("Missing (in the network, not in the file): " + string.Join("; ", missing));
        if (unexpected.Count > 0) lines.Add("Unexpected (in the file, not in the network): " + string.Join("; ", unexpected));
        if (misshaped.Count > 0) lines.Add("Mis-shaped: " + string.Join("; ", misshaped));
        lines.Add("Check the architecture, classes and channels; to keep the network's own classifier, skip its keys (e.g. skipKeys prefix \"fc.\").");
        return string.Join(Environment.NewLine, lines);
    }
}

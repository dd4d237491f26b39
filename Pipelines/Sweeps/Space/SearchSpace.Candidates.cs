namespace MlNetCnn.Pipelines.Sweeps.Space;

public sealed partial class SearchSpace
{
    /// <summary>
    /// Every candidate, deterministically ordered and distinct: architectures in ordinal order, then the odometer over
    /// <see cref="ActiveDimensions"/> (the last fastest), each range discretised into <paramref name="pointsPerRange"/>
    /// points (log-spaced for a log range; integers rounded and de-duplicated).
    /// </summary>
    /// <exception cref="InvalidOperationException">The space has no architecture.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pointsPerRange"/> is below 1.</exception>
    public IEnumerable<TrialConfig> Grid(int pointsPerRange)
    {
        CheckPointsPerRange(pointsPerRange);
        RequireArchitecture();
        return GridOf(pointsPerRange);
    }

    /// <summary>One candidate drawn uniformly: the architecture, then each of its active dimensions in canonical order.</summary>
    /// <exception cref="InvalidOperationException">The space has no architecture.</exception>
    public TrialConfig Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireArchitecture();
        string architecture = ArchitectureDimension.Sample(random);
        return CreateConfig(architecture, ActiveDimensions(architecture).Select(d => d.Sample(random)).ToArray());
    }

    /// <summary>The configuration of <paramref name="architecture"/> with one value per <see cref="ActiveDimensions"/>, in their order.</summary>
    /// <exception cref="ArgumentException">The architecture is not in the space, or the count of values differs from the count of dimensions.</exception>
    public TrialConfig CreateConfig(string architecture, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        SpaceArchitecture(architecture);
        var dimensions = ActiveDimensions(architecture);
        if (values.Count != dimensions.Count)
            throw new ArgumentException($"{architecture}: expected {dimensions.Count} values (one per active dimension); got {values.Count}.", nameof(values));
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < dimensions.Count; i++)
            (dimensions[i].Target == DimensionTarget.Setting ? settings : options)[dimensions[i].Key] = values[i];
        return new TrialConfig(architecture, settings, options);
    }

    private IEnumerable<TrialConfig> GridOf(int pointsPerRange)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string architecture in _architectures)
        {
            var axes = ActiveDimensions(architecture).Select(d => d.GridValues(pointsPerRange)).ToArray();
            var position = new int[axes.Length];
            do
            {
                var config = CreateConfig(architecture, axes.Select((values, i) => values[position[i]]).ToArray());
                if (seen.Add(config.Key)) yield return config;
            }
            while (Advance(position, axes));
        }
    }

    /// <summary>Moves the odometer one step (the last axis fastest); false once it wraps round.</summary>
    private static bool Advance(int[] position, IReadOnlyList<string>[] axes)
    {
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            if (++position[i] < axes[i].Count) return true;
            position[i] = 0;
        }
        return false;
    }

    /// <summary>Refuses a grid resolution below one point per range.</summary>
    internal static void CheckPointsPerRange(int pointsPerRange)
    {
        if (pointsPerRange < 1)
            throw new ArgumentOutOfRangeException(nameof(pointsPerRange), $"Points per range: expected at least 1; got {pointsPerRange}.");
    }

    internal void RequireArchitecture()
    {
        if (_architectures.Count == 0)
            throw new InvalidOperationException("The search space has no architecture; expected at least one (AddArchitectures, --archs).");
    }
}

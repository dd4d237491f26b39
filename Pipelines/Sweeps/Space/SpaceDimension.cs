using System.Globalization;

namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>Where a dimension's value goes in a <see cref="TrialConfig"/>.</summary>
public enum DimensionTarget
{
    /// <summary>The architecture (a registry name).</summary>
    Architecture,

    /// <summary>One architecture's setting (a registry key); active only when that architecture is chosen.</summary>
    Setting,

    /// <summary>A trainer option (a property name of <c>CnnTrainer.Options</c>).</summary>
    Option,
}

/// <summary>
/// One axis of a <see cref="SearchSpace"/>: what it sets (<see cref="Target"/>, <see cref="Key"/>), when it is active
/// (<see cref="Architecture"/>) and the values it takes, every value as the invariant text a <see cref="TrialConfig"/> holds.
/// </summary>
public abstract class SpaceDimension
{
    /// <summary>Creates a dimension; <paramref name="architecture"/> is the condition of a setting, null otherwise.</summary>
    protected SpaceDimension(DimensionTarget target, string key, string? architecture)
    {
        Target = target;
        Key = key;
        Architecture = architecture;
    }

    /// <summary>What the dimension sets.</summary>
    public DimensionTarget Target { get; }

    /// <summary><c>architecture</c>, the setting's key or the option's name.</summary>
    public string Key { get; }

    /// <summary>The architecture a setting belongs to (the dimension is active only for it); null for other dimensions.</summary>
    public string? Architecture { get; }

    /// <summary>The unique name in a space: <c>architecture</c>, <c>resnet9:width</c> or <c>LearningRate</c>.</summary>
    public string Name => Target == DimensionTarget.Setting ? $"{Architecture}:{Key}" : Key;

    /// <summary>The values in words, e.g. <c>one of 8, 16</c> or <c>log range 0.001..0.1</c>.</summary>
    public abstract string Domain { get; }

    /// <summary>The canonical line of the dimension, as <see cref="SearchSpace.Describe"/> lists it.</summary>
    public string Describe() => Architecture is null ? $"{Name}: {Domain}" : $"{Name}: {Domain} (when architecture is {Architecture})";

    /// <summary>The values a grid visits, ordered and distinct; a range gives <paramref name="pointsPerRange"/> points (fewer for integers that coincide).</summary>
    public abstract IReadOnlyList<string> GridValues(int pointsPerRange);

    /// <summary>One value drawn uniformly (log-uniformly for a log range).</summary>
    public abstract string Sample(Random random);

    /// <summary>Orders dimensions as <see cref="SearchSpace.Describe"/> does: the architecture, then settings, then options, each by name.</summary>
    public static int CompareCanonical(SpaceDimension a, SpaceDimension b)
    {
        int byTarget = a.Target.CompareTo(b.Target);
        return byTarget != 0 ? byTarget : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>Parses invariant text as a number, or null.</summary>
    internal static double? AsNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}

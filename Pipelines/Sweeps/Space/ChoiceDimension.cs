namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>
/// A dimension with listed values: the architectures, a setting's values or a trainer option's. One value is a fixed one.
/// Values are distinct and in a canonical order (ascending when all are numbers, ordinal otherwise), so that spaces built
/// in any order describe, serialise and enumerate alike.
/// </summary>
public sealed class ChoiceDimension : SpaceDimension
{
    /// <summary>Creates a choice over <paramref name="values"/> (already canonical text; duplicates are dropped).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public ChoiceDimension(DimensionTarget target, string key, string? architecture, IEnumerable<string> values)
        : base(target, key, architecture)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
            throw new ArgumentException($"{Name}: expected at least one value; got none.", nameof(values));
        Values = distinct.All(v => AsNumber(v) is not null)
            ? distinct.OrderBy(v => AsNumber(v)!.Value).ThenBy(v => v, StringComparer.Ordinal).ToArray()
            : distinct.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The values, distinct, in canonical order.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>True for a single value.</summary>
    public bool IsFixed => Values.Count == 1;

    /// <inheritdoc/>
    public override string Domain => IsFixed ? $"fixed {Values[0]}" : $"one of {string.Join(", ", Values)}";

    /// <inheritdoc/>
    public override IReadOnlyList<string> GridValues(int pointsPerRange) => Values;

    /// <inheritdoc/>
    public override string Sample(Random random) => Values[random.Next(Values.Count)];
}

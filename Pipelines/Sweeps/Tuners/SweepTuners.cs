namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>The tuners a sweep can use, by factory and, for the command line, by name.</summary>
public static class SweepTuners
{
    private static readonly Func<ISweepTuner>[] Defaults = { () => Grid(), () => Random(), () => Tpe() };

    /// <summary>Exhaustive search over the grid with <paramref name="pointsPerRange"/> points per numeric range.</summary>
    public static GridTuner Grid(int pointsPerRange = 5) => new(pointsPerRange);

    /// <summary>Seeded random search.</summary>
    public static RandomTuner Random() => new();

    /// <summary>Tree-structured Parzen Estimator with its defaults (10 random trials, then the model).</summary>
    public static TpeTuner Tpe() => new();

    /// <summary>The names of the tuners, e.g. for the command line's help.</summary>
    public static IReadOnlyList<string> Names => Defaults.Select(f => f().Name).ToArray();

    /// <summary>The tuner called <paramref name="name"/> (any case), with its defaults.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static ISweepTuner ByName(string name) =>
        Defaults.Select(f => f()).FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown tuner '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
}

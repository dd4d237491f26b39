using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>
/// Exhaustive search: proposes the candidates of <see cref="SearchSpace.Grid"/> in order, skipping those already tried, and
/// null once every one has been. The seed and proposal number do not matter.
/// </summary>
public sealed class GridTuner : ISweepTuner
{
    /// <summary>The name in the spec and on the command line.</summary>
    public const string TunerName = "grid";

    /// <summary>Creates the tuner.</summary>
    /// <param name="pointsPerRange">The points each numeric range is discretised into (log-spaced for a log range).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pointsPerRange"/> is below 1.</exception>
    public GridTuner(int pointsPerRange = 5)
    {
        SearchSpace.CheckPointsPerRange(pointsPerRange);
        PointsPerRange = pointsPerRange;
    }

    /// <summary>The points each numeric range is discretised into.</summary>
    public int PointsPerRange { get; }

    /// <inheritdoc/>
    public string Name => TunerName;

    /// <inheritdoc/>
    public TrialConfig? Propose(SearchSpace space, int index, IReadOnlyList<TrialObservation> history, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        var taken = Proposals.Taken(history);
        return space.Grid(PointsPerRange).FirstOrDefault(c => !taken.Contains(c.Key));
    }
}

namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>The schedulers by name, for the experiment's <c>SetScheduler</c> and <c>--scheduler</c>.</summary>
public static class SweepSchedulers
{
    /// <summary>Name of <see cref="SuccessiveHalving"/>.</summary>
    public const string SuccessiveHalvingName = "sha";

    /// <summary>Name of <see cref="AsyncSuccessiveHalving"/>.</summary>
    public const string AsyncSuccessiveHalvingName = "asha";

    /// <summary>Name of <see cref="FullRuns"/>.</summary>
    public const string FullRunsName = "none";

    /// <summary>Every name, in the order the help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [SuccessiveHalvingName, AsyncSuccessiveHalvingName, FullRunsName];

    /// <summary>Synchronous successive halving (the default).</summary>
    public static ISweepScheduler SuccessiveHalving(int minEpochs, int maxEpochs, int eta = 3) =>
        new SuccessiveHalving(new RungLadder(minEpochs, maxEpochs, eta));

    /// <summary>Asynchronous successive halving, for several workers.</summary>
    public static ISweepScheduler AsyncSuccessiveHalving(int minEpochs, int maxEpochs, int eta = 3) =>
        new AsyncSuccessiveHalving(new RungLadder(minEpochs, maxEpochs, eta));

    /// <summary>No pruning: every trial runs all epochs.</summary>
    public static ISweepScheduler FullRuns(int epochs) => new FullRuns(epochs);

    /// <summary>The scheduler named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static ISweepScheduler Create(string name, int minEpochs, int maxEpochs, int eta) => name.ToLowerInvariant() switch
    {
        SuccessiveHalvingName => SuccessiveHalving(minEpochs, maxEpochs, eta),
        AsyncSuccessiveHalvingName => AsyncSuccessiveHalving(minEpochs, maxEpochs, eta),
        FullRunsName => FullRuns(maxEpochs),
        _ => throw new ArgumentException($"Unknown scheduler '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}

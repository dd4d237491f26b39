namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>
/// How much a sweep session may do. Budgets are not part of a sweep's identity: running it again with a larger budget
/// extends it.
/// </summary>
/// <param name="Trials">The number of trials to propose in all (those of earlier sessions included).</param>
/// <param name="Time">The wall time of this session, or null for no limit; when it runs out the running trials stop at their
/// next epoch boundary and the sweep reports what it has.</param>
/// <param name="TrialTime">The training time one trial may take over all its sessions, or null; a trial over it stops at an
/// epoch boundary.</param>
/// <param name="Retries">How many times a trial that throws is run again from its last checkpoint before it counts as failed.</param>
/// <param name="MaxConsecutiveFailures">The sweep stops proposing after this many trials in a row failed (a broken setup
/// rather than bad luck); null for no limit.</param>
public sealed record SweepBudget(int Trials = 20, TimeSpan? Time = null, TimeSpan? TrialTime = null, int Retries = 0, int? MaxConsecutiveFailures = 5)
{
    /// <summary>Checks the numbers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number out of range, named.</exception>
    public void Validate()
    {
        if (Trials < 1)
            throw new ArgumentOutOfRangeException(nameof(Trials), Trials, "The trial budget must be at least 1.");
        if (Time is { } time && time <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Time), Time, "The time budget must be positive.");
        if (TrialTime is { } trial && trial <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TrialTime), TrialTime, "The time limit of a trial must be positive.");
        if (Retries < 0)
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "Retries must be 0 or more.");
        if (MaxConsecutiveFailures is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxConsecutiveFailures), MaxConsecutiveFailures, "The limit of consecutive failures must be at least 1, or null.");
    }
}

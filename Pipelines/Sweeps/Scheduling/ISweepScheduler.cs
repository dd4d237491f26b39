namespace MlNetCnn.Pipelines.Sweeps.Scheduling;

/// <summary>
/// Decides, from the trials so far, which trial trains next and how far: a pure function of its view, so a resumed sweep
/// replays the same decisions.
/// </summary>
public interface ISweepScheduler
{
    /// <summary>The name in the spec and on the command line: <c>sha</c>, <c>asha</c> or <c>none</c>.</summary>
    string Name { get; }

    /// <summary>The rungs: the epochs where trials pause for a decision, ascending; the last is the full run.</summary>
    RungLadder Rungs { get; }

    /// <summary>The next thing to do.</summary>
    SweepDecision Next(SchedulerView view);
}

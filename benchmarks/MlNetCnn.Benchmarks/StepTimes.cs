using System.Diagnostics;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// The duration of each training step as the trainer runs it (batch feed, step, tally and progress report included),
/// from the time between consecutive per-step progress reports of one epoch. Its median is the statistic the PyTorch
/// peer reports (median step), where the epoch's images/s is a mean that every disturbance of a shared machine raises.
/// </summary>
internal sealed class StepTimes : IProgress<TrainingProgress>
{
    private readonly List<(int Epoch, double Seconds)> _steps = new();
    private int _epoch;
    private long _last;

    public void Report(TrainingProgress value)
    {
        long now = Stopwatch.GetTimestamp();
        if (value.Completed is not null) { _epoch = 0; return; }
        // The first step of an epoch has no report before it in that epoch.
        if (value.Epoch == _epoch) _steps.Add((value.Epoch, Stopwatch.GetElapsedTime(_last, now).TotalSeconds));
        _epoch = value.Epoch;
        _last = now;
    }

    /// <summary>The median step time after the first epoch (which warms up), in seconds.</summary>
    public double MedianSeconds()
    {
        var steady = _steps.Where(s => s.Epoch > 1).Select(s => s.Seconds).Order().ToList();
        if (steady.Count == 0) steady = _steps.Select(s => s.Seconds).Order().ToList();
        return steady.Count == 0 ? double.NaN : steady[steady.Count / 2];
    }
}

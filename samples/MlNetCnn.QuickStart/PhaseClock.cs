using System.Diagnostics;
using System.Globalization;

namespace MlNetCnn.QuickStart;

/// <summary>Wall time of the quick start's phases, one after the other.</summary>
internal sealed class PhaseClock
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Name, TimeSpan Elapsed)> _phases = [];
    private TimeSpan _phaseStart;

    /// <summary>Ends the phase called <paramref name="name"/>, which began when the previous one ended.</summary>
    public void End(string name)
    {
        var now = _clock.Elapsed;
        _phases.Add((name, now - _phaseStart));
        _phaseStart = now;
    }

    /// <summary>One line: each phase's seconds and the total.</summary>
    public override string ToString() =>
        "Time: " + string.Join(", ", _phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Elapsed.TotalSeconds:F1} s"))) +
        string.Create(CultureInfo.InvariantCulture, $"; total {_clock.Elapsed.TotalSeconds:F1} s.");
}

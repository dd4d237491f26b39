using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// The clock of the step benchmarks: wall time, or the CPU time of the whole process (<c>--clock cpu</c>). With one
/// thread (<c>--threads 1</c>), CPU time counts the work a step does and hardly changes when other jobs share the machine.
/// </summary>
internal sealed class StepClock
{
    private readonly bool _cpu;

    public StepClock(string kind)
    {
        if (kind is not ("wall" or "cpu")) throw new ArgumentException($"--clock expects 'wall' or 'cpu'; got '{kind}'.");
        _cpu = kind == "cpu";
    }

    /// <summary>Now, in milliseconds from an arbitrary origin.</summary>
    public double NowMs()
    {
        if (!_cpu) return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
        clock_gettime(ProcessCpuTimeClock, out var time);
        return time.Seconds * 1000.0 + time.Nanoseconds / 1e6;
    }

    private const int ProcessCpuTimeClock = 2;  // CLOCK_PROCESS_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}

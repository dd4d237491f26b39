using System.Diagnostics;

namespace MlNetCnn.Benchmarks;

/// <summary>The process's memory figures.</summary>
internal static class ProcessMemory
{
    /// <summary>The process's peak resident set (VmHWM), or the peak working set where /proc is absent.</summary>
    public static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (string line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:"))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

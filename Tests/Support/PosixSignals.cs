using System.Runtime.InteropServices;

namespace MlNetCnn.Tests.Support;

/// <summary>Sends real POSIX signals to processes (Linux numbers), for tests of signal handling in scripts and workers.</summary>
internal static class PosixSignals
{
    /// <summary>SIGUSR1 on Linux.</summary>
    public const int Usr1 = 10;

    /// <summary>SIGTERM.</summary>
    public const int Term = 15;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; fails the test if kill(2) fails.</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0) Assert.Fail($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

namespace MlNetCnn.Tests.Support;

/// <summary>Small shell scripts that tests write as fakes (workers, sbatch, scontrol).</summary>
internal static class ShellScripts
{
    /// <summary>Writes <paramref name="text"/> (line ends made '\n', one added at the end) to <paramref name="path"/>, executable by its owner; returns the path.</summary>
    public static string WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}

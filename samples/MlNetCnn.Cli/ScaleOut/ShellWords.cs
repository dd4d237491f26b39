namespace MlNetCnn.Cli.ScaleOut;

/// <summary>Words written into POSIX shell text (sbatch scripts, <c>--wrap</c> commands) so that the shell reads them back unchanged.</summary>
public static class ShellWords
{
    /// <summary>
    /// <paramref name="word"/> as one shell word: as it is when it holds only ASCII letters, digits and <c>-_./=:,+@%</c>,
    /// else in single quotes (a quote inside becomes <c>'\''</c>), so no expansion, globbing or splitting happens.
    /// </summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
    }

    /// <summary>The words quoted one by one (<see cref="Quote"/>) and joined by spaces: a command line for the shell.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}

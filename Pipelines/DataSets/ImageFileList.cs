using System.Text;
using System.Text.RegularExpressions;
using MlNetCnn.Transforms;

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>
/// Turns what a user names — image files, folders and glob patterns — into the list of image files to score, in a
/// stable order: the arguments in their order; inside a folder or a glob, the matches sorted by path (ordinal).
/// </summary>
/// <remarks>
/// A folder gives every image file under it, sub-folders included (files whose extension ImageSharp decodes, see
/// <see cref="ImageDecoding.FileExtensions"/>). A glob has <c>*</c> (any characters but <c>/</c>), <c>?</c> (one such
/// character) or <c>**</c> (any number of folders), e.g. <c>photos/*.jpg</c> or <c>data/**/test/*.png</c>; it matches files of
/// any extension. A named file is taken as it is, whatever its extension (a bad image is then the scorer's to report).
/// </remarks>
public static class ImageFileList
{
    /// <summary>The image files named by <paramref name="arguments"/>.</summary>
    /// <param name="arguments">Files, folders and globs.</param>
    /// <returns>The files, each once (the first time it is named).</returns>
    /// <exception cref="FileNotFoundException">An argument is neither a file nor a folder and no file matches it as a glob; the message names it.</exception>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string argument in arguments)
        {
            foreach (string file in Expand(argument))
                if (seen.Add(Path.GetFullPath(file)))
                    files.Add(file);
        }
        return files;
    }

    private static IReadOnlyList<string> Expand(string argument)
    {
        if (File.Exists(argument))
            return [argument];
        if (Directory.Exists(argument))
        {
            var images = Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories)
                .Where(f => ImageDecoding.FileExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal).ToList();
            return images.Count > 0 ? images : throw new FileNotFoundException(
                $"Folder '{argument}' holds no image files (expected files ending in {string.Join(", ", ImageDecoding.FileExtensions.Order())}).", argument);
        }
        if (argument.IndexOfAny(['*', '?']) < 0)
            throw new FileNotFoundException($"'{argument}' is neither an image file nor a folder, and has no * or ? to match files with.", argument);
        var matches = Glob(argument);
        return matches.Count > 0 ? matches : throw new FileNotFoundException($"No file matches the pattern '{argument}'.", argument);
    }

    /// <summary>The files matching a glob: the folder before its first wildcard segment is searched, the rest is matched.</summary>
    private static List<string> Glob(string pattern)
    {
        string normalized = pattern.Replace('\\', '/');
        string[] segments = normalized.Split('/');
        int firstWild = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
        string root = string.Join('/', segments[..firstWild]);
        string rootFolder = firstWild == 0 ? "." : root.Length == 0 ? "/" : root;
        if (!Directory.Exists(rootFolder))
            return [];
        var regex = new Regex("^" + GlobToRegex(string.Join('/', segments[firstWild..])) + "$", RegexOptions.CultureInvariant);
        bool recursive = segments[firstWild..].Length > 1 || normalized.Contains("**");
        return Directory.EnumerateFiles(rootFolder, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => regex.IsMatch(Path.GetRelativePath(rootFolder, f).Replace('\\', '/')))
            .Select(f => firstWild == 0 ? Path.GetRelativePath(".", f) : f)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        for (int i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (glob[i] == '*')
                regex.Append("[^/]*");
            else if (glob[i] == '?')
                regex.Append("[^/]");
            else
                regex.Append(Regex.Escape(glob[i].ToString()));
        }
        return regex.ToString();
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MlNetCnn.Cli.Commands;

/// <summary>Parse-time checks whose messages name the flag, what it accepts and what came.</summary>
internal static class OptionChecks
{
    /// <summary>The value must be one of <paramref name="accepted"/> (case-insensitive).</summary>
    public static Option<string> OneOf(this Option<string> option, IReadOnlyList<string> accepted)
    {
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not null && !accepted.Contains(value, StringComparer.OrdinalIgnoreCase))
                result.AddError($"{option.Name}: '{value}' is not accepted; expected one of: {string.Join(", ", accepted)}.");
        });
        return option;
    }

    /// <summary>A whole number of at least <paramref name="minimum"/>; other text fails naming the flag.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum) =>
        option.WholeNumber($"a whole number of at least {minimum}", v => v >= minimum);

    /// <summary>A whole number that <paramref name="accept"/> accepts (any, by default); other text fails naming the flag.</summary>
    public static Option<int?> WholeNumber(this Option<int?> option, string expected = "a whole number", Func<int, bool>? accept = null)
    {
        option.CustomParser = result => Parse<int>(result, option.Name, expected,
            text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && (accept?.Invoke(v) ?? true)
                ? v : null);
        return option;
    }

    /// <summary>A finite number above zero; other text fails naming the flag.</summary>
    public static Option<double?> Positive(this Option<double?> option)
    {
        option.CustomParser = result => Parse<double>(result, option.Name, "a number above 0",
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
                ? v : null);
        return option;
    }

    private static T? Parse<T>(ArgumentResult result, string flag, string expected, Func<string, T?> parse) where T : struct
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        T? value = parse(text);
        if (value is null)
            result.AddError($"{flag}: expected {expected}, got '{text}'.");
        return value;
    }

    /// <summary>The value, when given, must name an existing file.</summary>
    public static Option<string?> ExistingFile(this Option<string?> option) => option.Existing(File.Exists, "file");

    /// <summary>The value, when given, must name an existing folder.</summary>
    public static Option<string?> ExistingFolder(this Option<string?> option) => option.Existing(Directory.Exists, "folder");

    /// <summary>The value, when given, must name an existing file or folder.</summary>
    public static Option<string?> ExistingPath(this Option<string?> option) =>
        option.Existing(path => File.Exists(path) || Directory.Exists(path), "file or folder");

    private static Option<string?> Existing(this Option<string?> option, Func<string, bool> exists, string kind)
    {
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && !exists(value))
                result.AddError($"{option.Name}: {kind} '{value}' does not exist.");
        });
        return option;
    }
}

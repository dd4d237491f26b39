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
                result.AddError(NotAccepted(option.Name, value, accepted));
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

    /// <summary>
    /// A finite number written in the invariant culture; other text fails naming the flag. Its range is the options' to
    /// check (see <c>TrainOptions.CreateTrainer</c>), not the flag's.
    /// </summary>
    public static Option<double?> Number(this Option<double?> option)
    {
        option.CustomParser = result => Parse<double>(result, option.Name, "a number",
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null);
        return option;
    }

    /// <summary>A flag that is true when given alone, else <c>true</c> or <c>false</c> (case-insensitive); other text fails naming the flag.</summary>
    public static Option<bool?> YesOrNo(this Option<bool?> option)
    {
        option.CustomParser = result => result.Tokens.Count == 0
            ? true
            : Parse<bool>(result, option.Name, "true or false", text => bool.TryParse(text, out bool v) ? v : null);
        return option;
    }

    /// <summary>
    /// One of the values of the enum <typeparamref name="T"/>, by its lower-case name (case-insensitive); the help shows the
    /// names as <c>a|b|c</c>, and other text fails naming the flag and every name.
    /// </summary>
    public static Option<T?> Choice<T>(this Option<T?> option) where T : struct, Enum
    {
        var choices = Enum.GetValues<T>().Select(value => (Name: AsFlagValue(value), Value: value)).ToArray();
        string[] names = choices.Select(c => c.Name).ToArray();
        option.HelpName = string.Join('|', names);
        option.CustomParser = result =>
        {
            string text = LastToken(result);
            foreach (var (name, value) in choices)
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                    return value;
            result.AddError(NotAccepted(option.Name, text, names));
            return null;
        };
        return option;
    }

    /// <summary>
    /// <paramref name="value"/> as it is written on the command line: an enum value by its lower-case name, a boolean as
    /// <c>true</c> or <c>false</c>, a number in the invariant culture.
    /// </summary>
    public static string AsFlagValue(object value) => value switch
    {
        Enum choice => choice.ToString().ToLowerInvariant(),
        bool b => b ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string LastToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string NotAccepted(string flag, string value, IEnumerable<string> accepted) =>
        $"{flag}: '{value}' is not accepted; expected one of: {string.Join(", ", accepted)}.";

    private static T? Parse<T>(ArgumentResult result, string flag, string expected, Func<string, T?> parse) where T : struct
    {
        string text = LastToken(result);
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
            if (result.GetValueOrDefault<string?>() is { } value && !exists(value))
                result.AddError($"{option.Name}: {kind} '{value}' does not exist.");
        });
        return option;
    }
}

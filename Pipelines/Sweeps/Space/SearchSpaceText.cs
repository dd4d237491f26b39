using System.Globalization;
using MlNetCnn.Models.Registry;

namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>
/// The command-line form of a search space. Architectures: <c>resnet9,lenet5</c>. Settings: <c>ARCH:KEY=V1,V2</c>, values
/// separated by <c>|</c> instead for a list setting (one whose default holds commas, e.g.
/// <c>densenet121:block_config=6,12,24,16|6,12,32,32</c>). Options, by name (any case): <c>LO..HI</c> a linear range,
/// <c>LO..HI:log</c> a log range, <c>a,b,c</c> a choice, a single value a fixed one.
/// </summary>
public static class SearchSpaceText
{
    /// <summary>One option's text on the command line.</summary>
    /// <param name="Option">The trainer option's name (any case).</param>
    /// <param name="Text">Its value: <c>LO..HI</c>, <c>LO..HI:log</c>, <c>a,b,c</c> or one value.</param>
    /// <param name="Flag">The flag that gave it, named in errors; null names the option.</param>
    public sealed record OptionText(string Option, string Text, string? Flag = null);

    /// <summary>The suffix of a log range.</summary>
    public const string LogSuffix = ":log";

    /// <summary>Builds the space from the command line's architectures, <c>--set</c> values and option values.</summary>
    /// <exception cref="ArgumentException">A malformed or refused part: the message names the flag or option, what was expected and what was found.</exception>
    public static SearchSpace Parse(string archs, IEnumerable<string>? sets = null, IReadOnlyDictionary<string, string>? options = null) =>
        Parse(archs, sets, (options ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new OptionText(p.Key, p.Value)));

    /// <summary>
    /// Builds the space from the command line's architectures, <c>--set</c> values and option values, each option with the
    /// flag that gave it (named in a refusal instead of the option).
    /// </summary>
    /// <exception cref="ArgumentException">A malformed or refused part: the message names the flag or option, what was expected and what was found.</exception>
    public static SearchSpace Parse(string archs, IEnumerable<string>? sets, IEnumerable<OptionText> options)
    {
        var names = Split(archs ?? "", ',');
        if (names.Length == 0)
            throw new ArgumentException($"--arch: expected comma-separated architecture names; got '{archs}'.", nameof(archs));
        var space = new SearchSpace();
        Within("--arch", archs!, () => space.AddArchitectures(names));
        foreach (string set in sets ?? Array.Empty<string>())
            Within("--set", set, () => AddSetting(space, set));
        foreach (var (name, text, flag) in options)
            Within(flag ?? $"Option {name}", text, () => AddOption(space, OptionName(name), text));
        return space;
    }

    private static void AddSetting(SearchSpace space, string set)
    {
        int colon = set.IndexOf(':'), equals = set.IndexOf('=');
        if (colon <= 0 || equals <= colon + 1 || equals == set.Length - 1)
            throw new ArgumentException("expected ARCH:KEY=V1,V2 (e.g. resnet9:width=8,16)");
        string architecture = set[..colon].Trim(), key = set[(colon + 1)..equals].Trim(), values = set[(equals + 1)..];
        bool isList = ArchitectureRegistry.Get(architecture).Options.FirstOrDefault(o => o.Key == key)?.DefaultValue.Contains(',') == true;
        space.AddSettingChoice(architecture, key, Split(values, isList ? '|' : ','));
    }

    private static void AddOption(SearchSpace space, string option, string text)
    {
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            var values = Split(text, ',');
            if (values.Length == 0) throw new ArgumentException("expected LO..HI, LO..HI:log, a,b,c or one value; got nothing");
            space.AddChoice(option, values.Cast<object>().ToArray());
            return;
        }
        bool log = text.EndsWith(LogSuffix, StringComparison.OrdinalIgnoreCase);
        string high = text[(dots + 2)..^(log ? LogSuffix.Length : 0)];
        space.AddRange(option, Number(text[..dots], "LO"), Number(high, "HI"), log);
    }

    private static double Number(string text, string end) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new ArgumentException($"expected a number for {end} in LO..HI or LO..HI{LogSuffix}; got '{text.Trim()}'");

    /// <summary>The searchable option's exact name for <paramref name="name"/> in any case (unknown names are left for <see cref="TrialConfig.SearchableOption"/> to refuse).</summary>
    private static string OptionName(string name) =>
        TrialConfig.SearchableOptions.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))?.Name ?? name.Trim();

    private static string[] Split(string text, char separator) =>
        text.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs <paramref name="add"/>, prefixing a refusal with the flag or option and its text.</summary>
    private static void Within(string flag, string text, Action add)
    {
        try { add(); }
        catch (ArgumentException e) { throw new ArgumentException($"{flag} '{text}': {MessageOf(e).TrimEnd('.')}.", e); }
    }

    /// <summary>The message without the " (Parameter 'x')" that <see cref="ArgumentException.Message"/> appends.</summary>
    private static string MessageOf(ArgumentException e)
    {
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }
}

using System.Collections.Immutable;
using System.Globalization;

namespace MlNetCnn.Models.Registry;

/// <summary>
/// An architecture's settings, validated against its options: unknown keys and unparsable values fail
/// with the architecture, the key, what was expected and the valid keys.
/// </summary>
public sealed class ArchitectureSettings
{
    private readonly string _architecture;
    private readonly Dictionary<string, ArchitectureOption> _options;
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <summary>Validates <paramref name="values"/> against <paramref name="options"/>.</summary>
    public ArchitectureSettings(string architecture, IEnumerable<ArchitectureOption> options, IReadOnlyDictionary<string, string>? values)
    {
        _architecture = architecture;
        _options = options.ToDictionary(o => o.Key, StringComparer.Ordinal);
        _values = values ?? new Dictionary<string, string>();
        foreach (string key in _values.Keys.Where(k => !_options.ContainsKey(k)))
            throw new ArgumentException(
                $"Unknown setting '{key}' for {architecture}. Valid settings: " +
                (_options.Count == 0 ? "none" : string.Join(", ", _options.Keys.Order())) + ".");
    }

    /// <summary>A boolean setting (true/false).</summary>
    public bool GetBool(string key) => Parse(key, "true or false", s => bool.TryParse(s, out bool v) ? v : null as bool?);

    /// <summary>An integer setting.</summary>
    public int GetInt(string key) => Parse(key, "an integer", s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null as int?);

    /// <summary>A number setting.</summary>
    public double GetDouble(string key) => Parse(key, "a number", s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null as double?);

    /// <summary>A comma-separated list of integers, e.g. <c>6,12,24,16</c>.</summary>
    public int[] GetInts(string key) => Parse(key, "comma-separated integers such as 6,12,24,16", ParseInts).ToArray();

    private static ImmutableArray<int>? ParseInts(string text)
    {
        var values = new List<int>();
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return null;
            values.Add(value);
        }
        return values.ToImmutableArray();
    }

    private T Parse<T>(string key, string expected, Func<string, T?> parse) where T : struct
    {
        if (!_options.TryGetValue(key, out var option))
            throw new InvalidOperationException($"{_architecture} reads setting '{key}' but does not declare it.");
        string text = _values.TryGetValue(key, out var given) ? given : option.DefaultValue;
        return parse(text.Trim()) ?? throw new ArgumentException($"Setting '{key}' of {_architecture} must be {expected}; got '{text}'.");
    }
}

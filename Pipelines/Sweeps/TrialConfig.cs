using System.Globalization;
using System.Reflection;
using MlNetCnn.Trainers;

namespace MlNetCnn.Pipelines.Sweeps;

/// <summary>
/// One point of a search space: what a trial trains. The architecture (a registry name), its settings (registry keys such as
/// <c>width</c>) and the trainer options searched or fixed (property names of <see cref="CnnTrainer.Options"/> such as
/// <c>LearningRate</c>), every value as invariant text. Options not named keep the architecture's recipe.
/// </summary>
public sealed class TrialConfig : IEquatable<TrialConfig>
{
    /// <summary>Creates a configuration; keys are kept in ordinal order so that equal configurations print alike.</summary>
    public TrialConfig(string architecture, IReadOnlyDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        Architecture = architecture;
        Settings = new SortedDictionary<string, string>(settings?.ToDictionary() ?? new(), StringComparer.Ordinal);
        Options = new SortedDictionary<string, string>(options?.ToDictionary() ?? new(), StringComparer.Ordinal);
        Key = $"{Architecture}|{Join(Settings)}|{Join(Options)}";
    }

    /// <summary>The registry name of the network.</summary>
    public string Architecture { get; }

    /// <summary>Architecture settings (registry keys), ordinal order.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Trainer options by <see cref="CnnTrainer.Options"/> property name, ordinal order.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>A canonical text of the whole configuration: equal configurations, and only they, have equal keys.</summary>
    public string Key { get; }

    /// <summary>One line for tables: <c>resnet9 width=16 LearningRate=0.1</c>.</summary>
    public override string ToString() =>
        string.Join(" ", new[] { Architecture }.Concat(Settings.Select(p => $"{p.Key}={p.Value}")).Concat(Options.Select(p => $"{p.Key}={p.Value}")));

    /// <summary>
    /// Sets <paramref name="options"/> from this configuration: the architecture, its settings and each named option, parsed
    /// as the property's type (numbers and booleans invariant, enums by name, case-insensitive).
    /// </summary>
    /// <exception cref="ArgumentException">An option that does not exist, cannot be searched, or whose value does not parse.</exception>
    public void ApplyTo(CnnTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Architecture = Architecture;
        foreach (var (key, value) in Settings)
            options.ArchitectureSettings[key] = value;
        foreach (var (name, text) in Options)
        {
            var property = SearchableOption(name);
            property.SetValue(options, ParseValue(property, text));
        }
    }

    /// <summary>
    /// The trainer option named <paramref name="name"/> when a sweep may set it: a public settable property of
    /// <see cref="CnnTrainer.Options"/> of a number, boolean or enum type (nullable or not).
    /// </summary>
    /// <exception cref="ArgumentException">No such option, or one a sweep cannot set; the message lists those it can.</exception>
    public static PropertyInfo SearchableOption(string name)
    {
        var property = typeof(CnnTrainer.Options).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        if (property is null || !IsSearchable(property))
            throw new ArgumentException(
                $"'{name}' is not a trainer option a sweep can set; expected one of: {string.Join(", ", SearchableOptions.Select(p => p.Name))}.", nameof(name));
        return property;
    }

    /// <summary>Every trainer option a sweep can set, in declaration order.</summary>
    public static IReadOnlyList<PropertyInfo> SearchableOptions { get; } =
        typeof(CnnTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsSearchable).ToArray();

    /// <summary>Parses <paramref name="text"/> as the type of <paramref name="property"/>.</summary>
    /// <exception cref="ArgumentException">The text is not a value of that type; the message names the option.</exception>
    public static object ParseValue(PropertyInfo property, string text)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        object? value = type switch
        {
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : null,
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null,
            _ when type == typeof(bool) => bool.TryParse(text, out bool b) ? b : null,
            _ when type.IsEnum => Enum.TryParse(type, text, ignoreCase: true, out object? e) && Enum.IsDefined(type, e!) ? e : null,
            _ => null,
        };
        return value ?? throw new ArgumentException(
            $"Option {property.Name}: expected {Describe(type)}; got '{text}'.", property.Name);
    }

    /// <summary>The invariant text of an option value, as configurations hold it.</summary>
    public static string FormatValue(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsSearchable(PropertyInfo property)
    {
        if (property.SetMethod is not { IsPublic: true }) return false;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(int) || type == typeof(double) || type == typeof(bool) || type.IsEnum;
    }

    private static string Describe(Type type) =>
        type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}" : type == typeof(bool) ? "true or false" : type == typeof(int) ? "an integer" : "a number";

    private static string Join(IReadOnlyDictionary<string, string> values) => string.Join(";", values.Select(p => $"{p.Key}={p.Value}"));

    /// <inheritdoc/>
    public bool Equals(TrialConfig? other) => other is not null && other.Key == Key;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TrialConfig);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
}

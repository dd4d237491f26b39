using System.Reflection;
using MlNetCnn.Models.Registry;

namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>
/// The search space of a sweep: architectures (registry names), per-architecture setting choices (active only for their
/// architecture), and trainer options as choices, numeric ranges or fixed values. Values are kept as the invariant text a
/// <see cref="TrialConfig"/> holds (<see cref="TrialConfig.FormatValue"/>), so equal configurations have equal keys.
/// Every argument is checked when added; a dimension is added once.
/// </summary>
/// <remarks>
/// The candidates: <see cref="Grid"/> enumerates them, <see cref="Sample"/> draws one, <see cref="CreateConfig"/> builds one
/// from a value per <see cref="ActiveDimensions"/>. Its text: <see cref="Describe"/>, <see cref="DifferencesFrom"/>,
/// <see cref="ToJson"/>/<see cref="FromJson"/> and, for the command line, <see cref="SearchSpaceText"/>.
/// </remarks>
public sealed partial class SearchSpace
{
    private readonly SortedSet<string> _architectures = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SpaceDimension> _settings = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SpaceDimension> _options = new(StringComparer.Ordinal);

    /// <summary>The architectures to choose from, in ordinal order.</summary>
    public IReadOnlyList<string> Architectures => _architectures.ToArray();

    /// <summary>Every dimension in canonical order: the architecture (when any is added), settings, options.</summary>
    public IReadOnlyList<SpaceDimension> Dimensions =>
        (_architectures.Count == 0 ? Array.Empty<SpaceDimension>() : new SpaceDimension[] { ArchitectureDimension })
        .Concat(_settings.Values).Concat(_options.Values).ToArray();

    /// <summary>The architecture as a choice dimension.</summary>
    public ChoiceDimension ArchitectureDimension => new(DimensionTarget.Architecture, "architecture", null, _architectures);

    /// <summary>The dimensions a candidate of <paramref name="architecture"/> takes values for: its settings, then the options.</summary>
    public IReadOnlyList<SpaceDimension> ActiveDimensions(string architecture) =>
        _settings.Values.Where(d => d.Architecture == architecture).Concat(_options.Values).ToArray();

    /// <summary>Adds architectures (registry names) to choose from.</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the known ones), or one already added.</exception>
    public SearchSpace AddArchitectures(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (string name in names)
        {
            ArchitectureRegistry.Get(name);
            if (!_architectures.Add(name))
                throw new ArgumentException($"Architecture '{name}' is already in the space; expected each architecture once.", nameof(names));
        }
        return this;
    }

    /// <summary>Values to choose from for one architecture's setting (registry key), e.g. resnet9's width.</summary>
    /// <exception cref="ArgumentException">
    /// The architecture is not in the space, it has no such setting (the message lists its settings), no values, or the
    /// setting is already a dimension.
    /// </exception>
    public SearchSpace AddSettingChoice(string architecture, string key, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var info = SpaceArchitecture(architecture);
        if (info.Options.All(o => o.Key != key))
            throw new ArgumentException(
                $"{architecture} has no setting '{key}'; its settings: {(info.Options.Count == 0 ? "none" : string.Join(", ", info.Options.Select(o => o.Key).Order()))}.",
                nameof(key));
        return Add(_settings, new ChoiceDimension(DimensionTarget.Setting, key, architecture, values.Select(v => v.Trim())));
    }

    /// <summary>Values to choose from for a trainer option (property name of CnnTrainer.Options).</summary>
    /// <remarks>Each value may be typed (<c>64</c>, <c>OptimizerKind.Sgd</c>) or text (<c>"sgd"</c>); it is parsed as the option's type and kept in canonical text.</remarks>
    /// <exception cref="ArgumentException">Not a searchable option, no values, a value of the wrong type, or the option is already a dimension.</exception>
    public SearchSpace AddChoice(string option, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var property = TrialConfig.SearchableOption(option);
        return Add(_options, new ChoiceDimension(DimensionTarget.Option, property.Name, null, values.Select(v => Canonical(property, v))));
    }

    /// <summary>A numeric range for a trainer option (int or double), uniform or log-uniform.</summary>
    /// <exception cref="ArgumentException">
    /// The option is not a number, the ends are not finite, low is not below high, a log range does not start above 0, an
    /// integer option has fractional ends, or the option is already a dimension.
    /// </exception>
    public SearchSpace AddRange(string option, double low, double high, bool logScale = false)
    {
        var property = TrialConfig.SearchableOption(option);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        bool isInteger = type == typeof(int);
        string range = $"{TrialConfig.FormatValue(low)}..{TrialConfig.FormatValue(high)}";
        if (!isInteger && type != typeof(double))
            throw new ArgumentException($"Option {option}: a range needs an int or double option; {option} is {type.Name}, so list its values as a choice.", nameof(option));
        if (!double.IsFinite(low) || !double.IsFinite(high) || low >= high)
            throw new ArgumentException($"Option {option}: expected a range with finite low < high; got {range}.", nameof(low));
        if (logScale && low <= 0)
            throw new ArgumentException($"Option {option}: a log range needs low > 0; got {range}.", nameof(low));
        if (isInteger && (low != Math.Floor(low) || high != Math.Floor(high) || low < int.MinValue || high > int.MaxValue))
            throw new ArgumentException($"Option {option} is an integer: expected whole ends; got {range}.", nameof(low));
        return Add(_options, new RangeDimension(property.Name, low, high, logScale, isInteger));
    }

    /// <summary>A trainer option fixed for every trial.</summary>
    /// <exception cref="ArgumentException">As <see cref="AddChoice"/>.</exception>
    public SearchSpace SetFixed(string option, object value) => AddChoice(option, value);

    /// <summary>One line per dimension, in a canonical order: what a spec stores and compares.</summary>
    public IReadOnlyList<string> Describe() => Dimensions.Select(d => d.Describe()).ToArray();

    /// <summary>
    /// How this space differs from <paramref name="other"/>, one sentence per dimension added, removed or changed, in
    /// canonical order; empty when they describe alike.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(SearchSpace other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Dimensions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var theirs = other.Dimensions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        return mine.Values.Concat(theirs.Values.Where(d => !mine.ContainsKey(d.Name)))
            .Order(Comparer<SpaceDimension>.Create(SpaceDimension.CompareCanonical))
            .Select(d => (Mine: mine.GetValueOrDefault(d.Name), Theirs: theirs.GetValueOrDefault(d.Name)))
            .Where(p => p.Mine?.Describe() != p.Theirs?.Describe())
            .Select(p => p switch
            {
                (null, var removed) => $"removed {removed!.Describe()}",
                (var added, null) => $"added {added.Describe()}",
                var (now, before) => $"{now.Name} changed from {before!.Domain} to {now.Domain}",
            })
            .ToArray();
    }

    /// <summary>Checks every candidate the space can produce; throws naming the first that cannot run.</summary>
    /// <exception cref="InvalidOperationException">The space has no architecture.</exception>
    /// <exception cref="ArgumentException">A candidate that cannot run: the message names it, what was expected and what was found.</exception>
    public void Validate(SpaceCheck check) => SpaceValidator.Validate(this, check);

    private ArchitectureInfo SpaceArchitecture(string architecture)
    {
        if (!_architectures.Contains(architecture))
            throw new ArgumentException(
                $"Setting of '{architecture}': expected one of the space's architectures ({(_architectures.Count == 0 ? "none yet; add it first" : string.Join(", ", _architectures))}).",
                nameof(architecture));
        return ArchitectureRegistry.Get(architecture);
    }

    private SearchSpace Add(SortedDictionary<string, SpaceDimension> dimensions, SpaceDimension dimension)
    {
        if (dimensions.TryGetValue(dimension.Name, out var existing))
            throw new ArgumentException($"{dimension.Name} is already in the space ({existing.Domain}); expected each dimension once.", dimension.Name);
        dimensions.Add(dimension.Name, dimension);
        return this;
    }

    private static string Canonical(PropertyInfo property, object value) =>
        TrialConfig.FormatValue(TrialConfig.ParseValue(property, value as string ?? TrialConfig.FormatValue(value)));
}

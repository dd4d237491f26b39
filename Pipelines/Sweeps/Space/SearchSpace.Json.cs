using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetCnn.Pipelines.Sweeps.Space;

public sealed partial class SearchSpace
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The space as JSON (canonical order); <see cref="FromJson"/> reads it back to an equal space and the same text.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new SpaceJson(Architectures.ToArray(), _settings.Values.Concat(_options.Values).Select(JsonOf).ToArray()), JsonOptions);

    /// <summary>Reads a space written by <see cref="ToJson"/>, checking it as the fluent methods do.</summary>
    /// <exception cref="ArgumentException">The text is not such a space, or a dimension in it is refused (the message says why).</exception>
    public static SearchSpace FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        SpaceJson? read;
        try { read = JsonSerializer.Deserialize<SpaceJson>(json, JsonOptions); }
        catch (JsonException e) { throw new ArgumentException($"Search space JSON: expected an object with architectures and dimensions; {e.Message}", nameof(json), e); }
        if (read?.Architectures is null)
            throw new ArgumentException("Search space JSON: expected an object with an 'architectures' array; got none.", nameof(json));
        var space = new SearchSpace().AddArchitectures(read.Architectures);
        foreach (var d in read.Dimensions ?? Array.Empty<DimensionJson>())
            _ = d switch
            {
                { Kind: ChoiceKind, Setting: { } key, Architecture: { } architecture, Values: { } values } => space.AddSettingChoice(architecture, key, values),
                { Kind: ChoiceKind, Option: { } option, Values: { } values } => space.AddChoice(option, values.Cast<object>().ToArray()),
                { Kind: RangeKind, Option: { } option, Low: { } low, High: { } high } => space.AddRange(option, low, high, d.Log ?? false),
                _ => throw new ArgumentException(
                    $"Search space JSON: expected a dimension of kind '{ChoiceKind}' (option or architecture and setting, values) or '{RangeKind}' (option, low, high); got {JsonSerializer.Serialize(d, JsonOptions)}.",
                    nameof(json)),
            };
        return space;
    }

    private const string ChoiceKind = "choice";
    private const string RangeKind = "range";

    private static DimensionJson JsonOf(SpaceDimension dimension) => dimension switch
    {
        ChoiceDimension { Target: DimensionTarget.Setting } c => new(ChoiceKind, c.Architecture, c.Key, null, c.Values.ToArray(), null, null, null),
        ChoiceDimension { Target: DimensionTarget.Option } c => new(ChoiceKind, null, null, c.Key, c.Values.ToArray(), null, null, null),
        RangeDimension r => new(RangeKind, null, null, r.Key, null, r.Low, r.High, r.LogScale),
        _ => throw new InvalidOperationException($"No JSON form for the dimension {dimension.Describe()}."),
    };

    private sealed record SpaceJson(string[]? Architectures, DimensionJson[]? Dimensions);

    private sealed record DimensionJson(
        string? Kind, string? Architecture, string? Setting, string? Option, string[]? Values, double? Low, double? High, bool? Log);
}

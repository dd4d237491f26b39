using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>
/// The JSON conventions of a sweep's files (journal lines and <c>spec.json</c>): lower_snake names, enums as lower_snake
/// text, NaN and infinities as named literals (a diverged trial's loss), a configuration as its architecture, settings and
/// options (not its derived key), and every constructor parameter required.
/// </summary>
internal static class SweepJson
{
    /// <summary>One JSON value per line: the journal's form.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Indented, for files people read: the spec.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            WriteIndented = indented,
            NewLine = "\n",
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutConfigKey } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    /// <summary><see cref="TrialConfig.Key"/> is derived from the other properties: the JSON leaves it out.</summary>
    private static void LeaveOutConfigKey(JsonTypeInfo type)
    {
        if (type.Type != typeof(TrialConfig)) return;
        var key = type.Properties.Single(p => p.Name == JsonNamingPolicy.SnakeCaseLower.ConvertName(nameof(TrialConfig.Key)));
        type.Properties.Remove(key);
    }
}

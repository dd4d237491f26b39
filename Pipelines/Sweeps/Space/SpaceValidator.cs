using System.Globalization;
using MlNetCnn.Models.Registry;
using static System.FormattableString;

namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>
/// Checks a space's candidates against the sweep's images before the first trial: each architecture's smallest image,
/// each setting value (read as the kind its default has), and with a cap, the parameter count.
/// </summary>
/// <remarks>
/// Parameters are counted by building the network (then disposing it) for the setting combinations at the ends of every
/// numeric setting — every value of a non-numeric one — which bound the count when it grows or shrinks with each setting.
/// Networks are built only when there is a cap.
/// </remarks>
internal static class SpaceValidator
{
    public static void Validate(SearchSpace space, SpaceCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Channels < 1 || check.ImageSize < 1 || check.Classes < 2 || check.MaxParameters < 1)
            throw new ArgumentOutOfRangeException(nameof(check),
                $"Space check: expected channels ≥ 1, image size ≥ 1, classes ≥ 2 and a parameter cap ≥ 1 (or none); got {check}.");
        space.RequireArchitecture();
        foreach (string architecture in space.Architectures)
        {
            var info = ArchitectureRegistry.Get(architecture);
            if (check.ImageSize < info.MinImageSize)
                throw new ArgumentException(
                    $"{architecture} needs images of at least {info.MinImageSize}×{info.MinImageSize}; the sweep's images are {check.ImageSize}×{check.ImageSize}. Remove it or use larger images.",
                    nameof(check));
            var settings = space.ActiveDimensions(architecture).OfType<ChoiceDimension>().Where(d => d.Target == DimensionTarget.Setting).ToArray();
            foreach (var dimension in settings)
                foreach (string value in dimension.Values)
                    CheckSettingValue(info, dimension.Key, value);
            if (check.MaxParameters is long cap)
                foreach (var combination in BoundingCombinations(settings))
                    CheckParameters(info, check, combination, cap);
        }
    }

    /// <summary>Reads <paramref name="value"/> as the kind of the setting's default (boolean, integer, number or integer list).</summary>
    private static void CheckSettingValue(ArchitectureInfo info, string key, string value)
    {
        var option = info.Options.Single(o => o.Key == key);
        var settings = new ArchitectureSettings(info.Name, info.Options, new Dictionary<string, string> { [key] = value });
        string byDefault = option.DefaultValue.Trim();
        if (bool.TryParse(byDefault, out _)) settings.GetBool(key);
        else if (int.TryParse(byDefault, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) settings.GetInt(key);
        else if (SpaceDimension.AsNumber(byDefault) is not null) settings.GetDouble(key);
        else if (byDefault.Contains(',')) settings.GetInts(key);
    }

    /// <summary>Every combination of the ends of numeric settings (values are in ascending order) and all values of the others.</summary>
    private static IEnumerable<Dictionary<string, string>> BoundingCombinations(IReadOnlyList<ChoiceDimension> settings)
    {
        IEnumerable<Dictionary<string, string>> combinations = new[] { new Dictionary<string, string>(StringComparer.Ordinal) };
        foreach (var dimension in settings)
        {
            var values = dimension.Values.All(v => SpaceDimension.AsNumber(v) is not null)
                ? new[] { dimension.Values[0], dimension.Values[^1] }.Distinct()
                : dimension.Values;
            combinations = combinations.SelectMany(c => values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [dimension.Key] = v })).ToArray();
        }
        return combinations;
    }

    private static void CheckParameters(ArchitectureInfo info, SpaceCheck check, IReadOnlyDictionary<string, string> settings, long cap)
    {
        long parameters;
        using (var network = info.Create(new ModelSpec(check.Channels, check.Classes, check.ImageSize, settings)))
            parameters = network.parameters().Sum(p => p.numel());
        if (parameters > cap)
            throw new ArgumentException(
                Invariant($"{new TrialConfig(info.Name, settings)} has {parameters:N0} parameters at {check.Channels}×{check.ImageSize}×{check.ImageSize} with {check.Classes} classes; expected at most {cap:N0} (the parameter cap). Remove it, choose smaller settings or raise the cap."),
                nameof(check));
    }
}

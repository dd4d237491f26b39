using System.Collections.Concurrent;
using System.Globalization;

namespace MlNetCnn.Transforms;

/// <summary>The settings that travel in the data of the saved chain, parsed.</summary>
/// <param name="Tensor">What the image becomes.</param>
/// <param name="ImageFolder">The folder that relative paths are resolved against, or null.</param>
internal sealed record SavedImageSettings(ImageTensorSettings Tensor, string? ImageFolder);

/// <summary>
/// The constant settings text of the saved chain, e.g. <c>w=32;h=32;c=3;resize=stretch</c>, followed by
/// <c>;folder=...</c> (percent-encoded, so it needs no quoting inside an <c>Expression</c>) when an image
/// folder is set. The stateless decode mappings read it from every row; parsing is cached.
/// </summary>
internal static class ImageSettingsText
{
    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<string, SavedImageSettings> Cache = new(StringComparer.Ordinal);

    public static string Format(ImageTensorSettings settings, string? imageFolder)
    {
        string text = string.Create(CultureInfo.InvariantCulture,
            $"w={settings.Width};h={settings.Height};c={settings.Channels};resize={ResizeName(settings.ResizeMode)}");
        return imageFolder is null ? text : $"{text};folder={Uri.EscapeDataString(imageFolder)}";
    }

    /// <summary>Parses settings text written by <see cref="Format"/>; repeated texts come from a cache.</summary>
    /// <exception cref="InvalidOperationException">The text was not written by <see cref="Format"/>.</exception>
    public static SavedImageSettings Parse(string text)
    {
        if (Cache.TryGetValue(text, out var cached))
            return cached;
        var parsed = ParseUncached(text);
        if (Cache.Count >= CacheLimit)
            Cache.Clear();
        Cache[text] = parsed;
        return parsed;
    }

    private static SavedImageSettings ParseUncached(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';'))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0)
                throw Malformed(text, $"'{part}' is not key=value");
            values[part[..eq]] = part[(eq + 1)..];
        }

        var colorMode = Get(values, "c", text) switch
        {
            "3" => ImageColorMode.Rgb,
            "1" => ImageColorMode.Grayscale,
            var other => throw Malformed(text, $"c={other} is not 1 or 3"),
        };
        var resizeMode = Get(values, "resize", text) switch
        {
            "stretch" => ImageResizeMode.Stretch,
            "centercrop" => ImageResizeMode.CenterCrop,
            var other => throw Malformed(text, $"resize={other} is not stretch or centercrop"),
        };
        var tensor = new ImageTensorSettings(GetInt(values, "w", text), GetInt(values, "h", text), colorMode, resizeMode);
        string? folder = values.TryGetValue("folder", out var escaped) ? Uri.UnescapeDataString(escaped) : null;
        return new SavedImageSettings(tensor, folder);
    }

    private static string ResizeName(ImageResizeMode mode) => mode switch
    {
        ImageResizeMode.Stretch => "stretch",
        ImageResizeMode.CenterCrop => "centercrop",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown resize mode."),
    };

    private static string Get(Dictionary<string, string> values, string key, string text) =>
        values.TryGetValue(key, out var value) ? value : throw Malformed(text, $"'{key}' is missing");

    private static int GetInt(Dictionary<string, string> values, string key, string text) =>
        int.TryParse(Get(values, key, text), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Malformed(text, $"'{key}' is not a whole number");

    private static InvalidOperationException Malformed(string text, string problem) =>
        new($"The image settings column '{ImageTensorNames.SettingsColumn}' holds '{text}', which MlNetCnn cannot read: {problem}. " +
            "The saved model is damaged or was written by an incompatible version.");
}

using System.Globalization;
using System.Text.Json;
using MlNetCnn.Models.IO;

namespace MlNetCnn.Pipelines.Sweeps.Journal;

/// <summary>
/// What identifies a sweep, saved as <c>spec.json</c> in its folder: a resume must have the same spec, so that every trial
/// of the journal was trained on the same data, seed and schedule. Budgets (trials, time, workers) are not part of it:
/// they may change between sessions.
/// </summary>
/// <param name="Data">The images.</param>
/// <param name="Seed">The seed of every trial.</param>
/// <param name="Metric">What trials are ranked by.</param>
/// <param name="Tuner">The tuner's name, e.g. <c>grid</c>.</param>
/// <param name="Scheduler">The early-stopping scheduler: <c>sha</c>, <c>asha</c> or <c>none</c>.</param>
/// <param name="MinEpochs">The first rung's epochs.</param>
/// <param name="MaxEpochs">The epochs of a trial trained to the end.</param>
/// <param name="Eta">The scheduler's reduction factor: one trial in <paramref name="Eta"/> goes on at each rung.</param>
/// <param name="SearchSpace">The search space, one line per dimension (its <c>Describe()</c>).</param>
/// <param name="MaxParameters">The parameter cap of a candidate, or null for none.</param>
public sealed record SweepSpec(
    SweepData Data, int Seed, SweepMetric Metric, string Tuner, string Scheduler, int MinEpochs, int MaxEpochs, int Eta,
    IReadOnlyList<string> SearchSpace, long? MaxParameters)
{
    /// <summary>Writes the spec as indented JSON, atomically (a temporary file, then a rename).</summary>
    public void Save(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, SweepJson.Indented) + "\n");

    /// <summary>Reads a spec written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a spec; the message names it and says what was wrong.</exception>
    public static SweepSpec Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Sweep spec '{path}' not found: expected the spec.json of a sweep folder.", path);
        try
        {
            return JsonSerializer.Deserialize<SweepSpec>(File.ReadAllText(path), SweepJson.Indented)
                ?? throw new JsonException("expected a spec object, found null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Sweep spec '{path}' cannot be read: {error.Message}", error);
        }
    }

    /// <summary>
    /// One sentence per difference between <paramref name="before"/> (e.g. the saved spec) and this one, e.g.
    /// <c>eta: 3 before, 2 now</c>; empty when they identify the same sweep.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(SweepSpec before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var differences = new List<string>();
        foreach (var ((name, was), (_, now)) in before.Fields().Zip(Fields()))
            if (was != now) differences.Add($"{name}: {was} before, {now} now");
        AddListDifference(differences, "search space", before.SearchSpace, SearchSpace);
        return differences;
    }

    /// <summary>Every field but the search space, as (name, text), in a fixed order.</summary>
    private IEnumerable<(string Name, string Text)> Fields()
    {
        yield return ("data source", Quote(Data.Source));
        yield return ("data path", Quote(Data.Path));
        yield return ("image limit", Text(Data.Limit));
        yield return ("image size", Text(Data.ImageSize));
        yield return ("channels", Text(Data.Channels));
        yield return ("class names", Data.ClassNames.Count == 0 ? "none" : Quote(string.Join(", ", Data.ClassNames)));
        yield return ("validation fraction", Text(Data.ValidationFraction));
        yield return ("validation folder", Data.ValidationFolder is null ? "none" : Quote(Data.ValidationFolder));
        yield return ("training images", Text(Data.TrainImages));
        yield return ("validation images", Text(Data.ValidationImages));
        yield return ("seed", Text(Seed));
        yield return ("metric", Metric.ToString());
        yield return ("tuner", Quote(Tuner));
        yield return ("scheduler", Quote(Scheduler));
        yield return ("min epochs", Text(MinEpochs));
        yield return ("max epochs", Text(MaxEpochs));
        yield return ("eta", Text(Eta));
        yield return ("max parameters", Text(MaxParameters));
    }

    /// <summary>Names the lines removed and added; when the same lines only moved, says so.</summary>
    private static void AddListDifference(List<string> differences, string name, IReadOnlyList<string> before, IReadOnlyList<string> now)
    {
        var removed = before.Except(now, StringComparer.Ordinal).ToArray();
        var added = now.Except(before, StringComparer.Ordinal).ToArray();
        var changes = removed.Select(line => $"line {Quote(line)} was removed").Concat(added.Select(line => $"line {Quote(line)} was added")).ToArray();
        if (changes.Length > 0)
            differences.Add($"{name}: {string.Join("; ", changes)}");
        else if (!before.SequenceEqual(now, StringComparer.Ordinal))
            differences.Add($"{name}: the same lines in another order");
    }

    private static string Quote(string text) => $"'{text}'";

    private static string Text<T>(T? value) where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture) ?? "none";

    private static string Text<T>(T value) where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}

using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>
/// The densities of one <see cref="TpeTuner"/> proposal: per dimension, l fitted to the good trials and g to the bad, each
/// fitted once on first use. A trial informs a dimension when it has a value for it (a setting: trials of its architecture).
/// </summary>
internal sealed class TpeModel
{
    private readonly IReadOnlyList<TrialConfig> _good;
    private readonly IReadOnlyList<TrialConfig> _bad;
    private readonly Dictionary<string, Func<Random, (string Value, double LogRatio)>> _drawers = new(StringComparer.Ordinal);

    public TpeModel(IReadOnlyList<TrialConfig> good, IReadOnlyList<TrialConfig> bad) => (_good, _bad) = (good, bad);

    /// <summary>Draws a value of <paramref name="dimension"/> from l; <paramref name="logRatio"/> is log l(x) − log g(x).</summary>
    public string Draw(SpaceDimension dimension, Random random, out double logRatio)
    {
        if (!_drawers.TryGetValue(dimension.Name, out var draw))
            _drawers[dimension.Name] = draw = Fit(dimension);
        (string value, logRatio) = draw(random);
        return value;
    }

    private Func<Random, (string, double)> Fit(SpaceDimension dimension) => dimension switch
    {
        ChoiceDimension choice => Drawer(
            new CategoricalEstimator(choice.Values, ValuesOf(_good, choice)), new CategoricalEstimator(choice.Values, ValuesOf(_bad, choice)), v => v),
        RangeDimension range => Drawer(
            new GaussianKernelEstimator(ValuesOf(_good, range).Select(range.ToUnit)), new GaussianKernelEstimator(ValuesOf(_bad, range).Select(range.ToUnit)), range.FromUnit),
        _ => throw new InvalidOperationException($"TPE has no density for the dimension {dimension.Describe()}."),
    };

    private static Func<Random, (string, double)> Drawer<T>(IParzenEstimator<T> good, IParzenEstimator<T> bad, Func<T, string> format) => random =>
    {
        T x = good.Sample(random);
        return (format(x), Math.Log(good.Density(x)) - Math.Log(bad.Density(x)));
    };

    private static IEnumerable<string> ValuesOf(IEnumerable<TrialConfig> configs, SpaceDimension dimension) =>
        configs.Select(c => dimension.Target switch
        {
            DimensionTarget.Architecture => c.Architecture,
            DimensionTarget.Setting => c.Architecture == dimension.Architecture ? c.Settings.GetValueOrDefault(dimension.Key) : null,
            DimensionTarget.Option => c.Options.GetValueOrDefault(dimension.Key),
            _ => throw new InvalidOperationException($"Unknown dimension target {dimension.Target}."),
        }).OfType<string>();
}

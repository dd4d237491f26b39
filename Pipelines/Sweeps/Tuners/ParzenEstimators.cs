namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>A one-dimensional density a <see cref="TpeTuner"/> fits to the good or the bad trials.</summary>
/// <typeparam name="T">A category's text, or a position in the unit interval.</typeparam>
internal interface IParzenEstimator<T>
{
    /// <summary>Draws a value.</summary>
    T Sample(Random random);

    /// <summary>The density (or probability) of <paramref name="value"/>; always above 0.</summary>
    double Density(T value);
}

/// <summary>Smoothed counts over a dimension's values: each value weighs 1 plus the times it was observed.</summary>
internal sealed class CategoricalEstimator : IParzenEstimator<string>
{
    private readonly IReadOnlyList<string> _values;
    private readonly double[] _weights;

    public CategoricalEstimator(IReadOnlyList<string> values, IEnumerable<string> observed)
    {
        _values = values;
        _weights = values.Select(_ => 1.0).ToArray();
        foreach (string value in observed)
        {
            int i = IndexOf(value);
            if (i >= 0) _weights[i]++;
        }
    }

    public string Sample(Random random)
    {
        double target = random.NextDouble() * _weights.Sum();
        for (int i = 0; i < _weights.Length; i++)
            if ((target -= _weights[i]) < 0) return _values[i];
        return _values[^1];
    }

    public double Density(string value)
    {
        int i = IndexOf(value);
        return i < 0 ? double.Epsilon : _weights[i] / _weights.Sum();
    }

    private int IndexOf(string value)
    {
        for (int i = 0; i < _values.Count; i++)
            if (_values[i] == value) return i;
        return -1;
    }
}

/// <summary>
/// A mixture over the unit interval: a uniform prior of weight 1 and one Gaussian kernel (truncated to [0, 1]) per
/// observation. As in hyperopt, a kernel's bandwidth is the larger gap to its neighbours (or to the interval's end),
/// kept between 1 / min(100, n + 1) and 1, so that kernels narrow as observations gather but never collapse.
/// </summary>
internal sealed class GaussianKernelEstimator : IParzenEstimator<double>
{
    private readonly double[] _centres;
    private readonly double[] _bandwidths;

    public GaussianKernelEstimator(IEnumerable<double> observed)
    {
        _centres = observed.Select(u => Math.Clamp(u, 0, 1)).Order().ToArray();
        int n = _centres.Length;
        double minimum = 1.0 / Math.Min(100, n + 1);
        _bandwidths = _centres.Select((u, i) =>
            Math.Clamp(Math.Max(u - (i > 0 ? _centres[i - 1] : 0), (i < n - 1 ? _centres[i + 1] : 1) - u), minimum, 1)).ToArray();
    }

    public double Sample(Random random)
    {
        int component = random.Next(_centres.Length + 1);
        if (component == _centres.Length) return random.NextDouble();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            double u = _centres[component] + _bandwidths[component] * StandardNormal(random);
            if (u is >= 0 and <= 1) return u;
        }
        return _centres[component];
    }

    public double Density(double value)
    {
        double kernels = _centres.Zip(_bandwidths).Sum(k =>
            Math.Exp(-0.5 * Math.Pow((value - k.First) / k.Second, 2)) / (k.Second * Math.Sqrt(2 * Math.PI))
            / (NormalCdf((1 - k.First) / k.Second) - NormalCdf(-k.First / k.Second)));
        return (1 + kernels) / (_centres.Length + 1);
    }

    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The standard normal distribution function, by the Abramowitz–Stegun 7.1.26 approximation of erf (error below 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x);
        return 0.5 * (1 + Math.Sign(z) * erf);
    }
}

using System.Globalization;

namespace MlNetCnn.Pipelines.Sweeps.Space;

/// <summary>
/// A numeric range of a trainer option, uniform or log-uniform. Values are computed in the unit interval (of the logarithm
/// for a log range), then rounded: integers to the nearest, numbers to <see cref="SignificantDigits"/> significant digits so
/// that configurations print short and equal values have equal text.
/// </summary>
public sealed class RangeDimension : SpaceDimension
{
    /// <summary>Significant digits kept in a number drawn from a range.</summary>
    public const int SignificantDigits = 6;

    /// <summary>Creates the range; arguments are checked by <see cref="SearchSpace.AddRange"/>.</summary>
    internal RangeDimension(string option, double low, double high, bool logScale, bool isInteger)
        : base(DimensionTarget.Option, option, null)
    {
        Low = low;
        High = high;
        LogScale = logScale;
        IsInteger = isInteger;
    }

    /// <summary>The lower end (included).</summary>
    public double Low { get; }

    /// <summary>The upper end (included).</summary>
    public double High { get; }

    /// <summary>True for a log-uniform range.</summary>
    public bool LogScale { get; }

    /// <summary>True when the option is an integer.</summary>
    public bool IsInteger { get; }

    /// <inheritdoc/>
    public override string Domain =>
        $"{(LogScale ? "log range" : "range")} {TrialConfig.FormatValue(Low)}..{TrialConfig.FormatValue(High)}{(IsInteger ? " (integers)" : "")}";

    /// <inheritdoc/>
    public override IReadOnlyList<string> GridValues(int pointsPerRange)
    {
        SearchSpace.CheckPointsPerRange(pointsPerRange);
        return Enumerable.Range(0, pointsPerRange)
            .Select(i => FromUnit(pointsPerRange == 1 ? 0.5 : (double)i / (pointsPerRange - 1)))
            .Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc/>
    public override string Sample(Random random) => FromUnit(random.NextDouble());

    /// <summary>The value at <paramref name="unit"/> (0 = <see cref="Low"/>, 1 = <see cref="High"/>), rounded and formatted.</summary>
    public string FromUnit(double unit)
    {
        double u = Math.Clamp(unit, 0, 1);
        double value = LogScale ? Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low))) : Low + u * (High - Low);
        value = Math.Clamp(value, Low, High);
        return IsInteger
            ? TrialConfig.FormatValue((int)Math.Round(value, MidpointRounding.AwayFromZero))
            : TrialConfig.FormatValue(double.Parse(value.ToString("G" + SignificantDigits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>Where <paramref name="value"/> lies in the unit interval (of the logarithm for a log range), clamped to [0, 1].</summary>
    public double ToUnit(string value)
    {
        double x = AsNumber(value) ?? throw new ArgumentException($"{Name}: expected a number; got '{value}'.", nameof(value));
        double unit = LogScale ? (Math.Log(x) - Math.Log(Low)) / (Math.Log(High) - Math.Log(Low)) : (x - Low) / (High - Low);
        return double.IsNaN(unit) ? 0 : Math.Clamp(unit, 0, 1);
    }
}

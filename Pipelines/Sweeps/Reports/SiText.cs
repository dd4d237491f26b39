using System.Globalization;

namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>Numbers of the sweep's tables and charts written short, with an SI prefix.</summary>
internal static class SiText
{
    private static readonly (double Scale, string Prefix)[] Prefixes = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];

    /// <summary>
    /// <paramref name="value"/> with three significant digits and an SI prefix from k up: <c>6.57 M</c>, <c>25.1 MB</c>,
    /// <c>512 B</c>, <c>0.85 ms</c>; below a thousand as it is, to two decimals at most.
    /// </summary>
    public static string Of(double value, string unit = "")
    {
        foreach (var (scale, prefix) in Prefixes)
            if (Math.Abs(value) >= scale * 0.9995)
                return $"{Significant(value / scale)} {prefix}{unit}";
        string number = Math.Abs(value) >= 1 ? Significant(value) : value.ToString("0.##", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? number : $"{number} {unit}";
    }

    private static string Significant(double value) =>
        value.ToString(Math.Abs(value) >= 99.95 ? "0" : Math.Abs(value) >= 9.995 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
}

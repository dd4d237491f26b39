namespace MlNetCnn.Pipelines.Sweeps.Reports;

/// <summary>The Pareto front of points that trade a cost (lower is better) against a value (higher is better).</summary>
public static class ParetoFront
{
    /// <summary>
    /// The items no other item dominates — none has a cost as low and a value as high, one of them strictly — by cost
    /// ascending (value then ascends too). Items with a cost or value that is not finite are left out.
    /// </summary>
    /// <param name="items">The candidates, e.g. completed trials.</param>
    /// <param name="cost">What an item costs, e.g. parameters.</param>
    /// <param name="value">What it achieves, e.g. validation accuracy.</param>
    public static IReadOnlyList<T> Of<T>(IEnumerable<T> items, Func<T, double> cost, Func<T, double> value)
    {
        ArgumentNullException.ThrowIfNull(items);
        var front = new List<T>();
        double frontCost = double.NaN, frontValue = double.NegativeInfinity;
        var candidates = items
            .Select(item => (Item: item, Cost: cost(item), Value: value(item)))
            .Where(p => double.IsFinite(p.Cost) && double.IsFinite(p.Value))
            .OrderBy(p => p.Cost).ThenByDescending(p => p.Value);
        foreach (var (item, c, v) in candidates)
        {
            // Cheapest first: a point joins the front when it beats every cheaper one, or equals the last front point.
            if (v > frontValue || (v == frontValue && c == frontCost))
            {
                front.Add(item);
                (frontCost, frontValue) = (c, v);
            }
        }
        return front;
    }
}

namespace MlNetCnn.Tests.Support;

/// <summary>Comparisons of float outputs.</summary>
internal static class TorchAssert
{
    /// <summary>Largest absolute difference between two arrays of the same length.</summary>
    public static double MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        return max;
    }
}

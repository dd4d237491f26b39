using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Tuners;

/// <summary>What the tuners share: a random source derived from the seed and proposal number, and the history's keys.</summary>
internal static class Proposals
{
    /// <summary>
    /// A random source that depends only on <paramref name="seed"/> and <paramref name="index"/> (SplitMix64 of the pair), so a
    /// resumed sweep draws the same numbers. Not <see cref="string.GetHashCode()"/>, which differs between processes.
    /// </summary>
    public static Random RandomFor(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & int.MaxValue));
    }

    /// <summary>The keys of the configurations tried so far.</summary>
    public static HashSet<string> Taken(IReadOnlyList<TrialObservation> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Select(o => o.Config.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The first of up to <paramref name="attempts"/> uniform draws that is not <paramref name="taken"/>, or null.</summary>
    public static TrialConfig? SampleNew(SearchSpace space, Random random, IReadOnlySet<string> taken, int attempts)
    {
        for (int i = 0; i < attempts; i++)
        {
            var config = space.Sample(random);
            if (!taken.Contains(config.Key)) return config;
        }
        return null;
    }
}

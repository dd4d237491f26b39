namespace MlNetCnn.Trainers.Training;

/// <summary>
/// The feature cache of a run's frozen epochs and the training step of its head: built at the first frozen epoch that
/// wants it (so its cost counts in that epoch's time), dropped once the backbone thaws. When the cache cannot be built
/// (see <see cref="FeatureCache.Build"/>), it is not tried again and the frozen epochs train through the backbone.
/// </summary>
internal sealed class HeadOnlyTraining : IDisposable
{
    private readonly bool _enabled;
    private readonly Func<FeatureCache?> _build;
    private readonly Func<FeatureCache, TrainingStep> _step;
    private (FeatureCache Cache, TrainingStep Step)? _current;
    private bool _refused;

    /// <param name="enabled">The recipe's <c>CacheBackboneFeatures</c>.</param>
    /// <param name="build">Builds the cache, or returns null when it cannot be built.</param>
    /// <param name="step">The training step of the cache's head.</param>
    public HeadOnlyTraining(bool enabled, Func<FeatureCache?> build, Func<FeatureCache, TrainingStep> step)
    {
        _enabled = enabled;
        _build = build;
        _step = step;
    }

    /// <summary>
    /// The cache and head step for an epoch whose backbone is <paramref name="frozen"/>, or null to train the whole network;
    /// <paramref name="buildSeconds"/> is the time spent building the cache in this call, null when it was not built now.
    /// </summary>
    public (FeatureCache Cache, TrainingStep Step)? For(bool frozen, out double? buildSeconds)
    {
        buildSeconds = null;
        if (!frozen || !_enabled || _refused)
        {
            Dispose();
            return null;
        }
        if (_current is null)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var cache = _build();
            buildSeconds = clock.Elapsed.TotalSeconds;
            _refused = cache is null;
            _current = cache is null ? null : (cache, _step(cache));
        }
        return _current;
    }

    public void Dispose()
    {
        _current?.Cache.Dispose();
        _current = null;
    }
}

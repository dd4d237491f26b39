namespace MlNetCnn.Pipelines.Sweeps.Space;

// CONTRACT SKELETON — to be implemented (helper A). Public signatures below are used by the rest of the sweep engine.

/// <summary>What a candidate is checked against before the first trial.</summary>
/// <param name="Channels">Input channels of the sweep's images.</param>
/// <param name="ImageSize">Square side of the sweep's images.</param>
/// <param name="Classes">Classes of the label.</param>
/// <param name="MaxParameters">The largest parameter count allowed, or null for no cap.</param>
public sealed record SpaceCheck(int Channels, int ImageSize, int Classes, long? MaxParameters = null);

/// <summary>The search space of a sweep.</summary>
public sealed class SearchSpace
{
    /// <summary>Adds architectures (registry names) to choose from.</summary>
    public SearchSpace AddArchitectures(params string[] names) => throw new NotImplementedException();

    /// <summary>Values to choose from for one architecture's setting (registry key), e.g. resnet9's width.</summary>
    public SearchSpace AddSettingChoice(string architecture, string key, params string[] values) => throw new NotImplementedException();

    /// <summary>Values to choose from for a trainer option (property name of CnnTrainer.Options).</summary>
    public SearchSpace AddChoice(string option, params object[] values) => throw new NotImplementedException();

    /// <summary>A numeric range for a trainer option (int or double), uniform or log-uniform.</summary>
    public SearchSpace AddRange(string option, double low, double high, bool logScale = false) => throw new NotImplementedException();

    /// <summary>A trainer option fixed for every trial.</summary>
    public SearchSpace SetFixed(string option, object value) => throw new NotImplementedException();

    /// <summary>One line per dimension, in a canonical order: what a spec stores and compares.</summary>
    public IReadOnlyList<string> Describe() => throw new NotImplementedException();

    /// <summary>Checks every candidate the space can produce; throws naming the first that cannot run.</summary>
    public void Validate(SpaceCheck check) => throw new NotImplementedException();
}

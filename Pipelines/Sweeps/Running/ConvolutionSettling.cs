using MlNetCnn.Models.Native;
using MlNetCnn.Models.Registry;
using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Pipelines.Sweeps.Running;

/// <summary>
/// Builds every network the space can draw (each architecture with each combination of its setting choices) once, before
/// the first trial, so that libtorch's convolution check (<see cref="CpuConvolutionCheck"/>) settles this process's oneDNN
/// state for the whole sweep. Otherwise a trial would compute with oneDNN on or off depending on which trials ran before it
/// in the process, and a resumed or parallel sweep would not reproduce a sequential one. Worker processes adopt the state.
/// </summary>
internal static class ConvolutionSettling
{
    public static CpuConvolutionStatus Settle(SearchSpace space, int channels, int imageSize, int classes, CancellationToken cancellation)
    {
        foreach (string name in space.Architectures)
        {
            var info = ArchitectureRegistry.Get(name);
            var settings = space.ActiveDimensions(name).Where(d => d.Target == DimensionTarget.Setting).OfType<ChoiceDimension>().ToList();
            foreach (var combination in Combinations(settings))
            {
                cancellation.ThrowIfCancellationRequested();
                using var network = info.Create(new ModelSpec(channels, classes, imageSize, combination));
            }
        }
        return CpuConvolutionCheck.Status;
    }

    private static IEnumerable<Dictionary<string, string>> Combinations(IReadOnlyList<ChoiceDimension> dimensions)
    {
        IEnumerable<Dictionary<string, string>> combinations = [new Dictionary<string, string>()];
        foreach (var dimension in dimensions)
            combinations = combinations.SelectMany(c => dimension.Values.Select(v => new Dictionary<string, string>(c) { [dimension.Key] = v }));
        return combinations;
    }
}

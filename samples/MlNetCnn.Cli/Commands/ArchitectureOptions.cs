using System.CommandLine;
using System.CommandLine.Parsing;
using MlNetCnn.Models.Registry;

namespace MlNetCnn.Cli.Commands;

/// <summary><c>--arch NAME</c>, <c>--set key=value</c> (repeatable), <c>--image-size S</c>, <c>--in-channels C</c>.</summary>
internal sealed class ArchitectureOptions
{
    public Option<string> Arch { get; } = new Option<string>("--arch")
    {
        Description = "Architecture name from the registry (e.g. resnet18_cifar, lenet5, resnet18; 'list' shows them all).",
        Required = true,
    }.OneOf(ArchitectureRegistry.Names.ToList());

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Architecture setting key=value (lower_snake key), repeatable, e.g. --set use_residual=false.",
        DefaultValueFactory = _ => [],
    };

    public Option<int?> ImageSize { get; } =
        new Option<int?>("--image-size") { Description = "Square input size S (default: the architecture's default)." }.AtLeast(1);

    public Option<int?> InChannels { get; } = new Option<int?>("--in-channels")
    {
        Description = "Input channels: 3 (RGB, default) or 1 (grey).",
    }.WholeNumber("1 or 3", v => v is 1 or 3);

    public ArchitectureOptions()
    {
        Set.Validators.Add(result =>
        {
            var seen = new HashSet<string>();
            foreach (string pair in result.GetValueOrDefault<string[]>() ?? [])
            {
                int equals = pair.IndexOf('=');
                if (equals <= 0 || equals == pair.Length - 1)
                    result.AddError($"{Set.Name}: expected key=value, got '{pair}'.");
                else if (!seen.Add(pair[..equals]))
                    result.AddError($"{Set.Name}: key '{pair[..equals]}' given twice.");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Add(Arch);
        command.Add(Set);
        command.Add(ImageSize);
        command.Add(InChannels);
        command.Validators.Add(CheckAgainstArchitecture);
    }

    /// <summary>The registry entry of <c>--arch</c> (validated at parse time).</summary>
    public ArchitectureInfo Architecture(ParseResult parsed) => ArchitectureRegistry.Get(parsed.GetRequiredValue(Arch));

    /// <summary>
    /// Once <c>--arch</c> is known: <c>--set</c> keys and values must be the architecture's (an unknown key lists the
    /// valid ones) and <c>--image-size</c> at least its minimum.
    /// </summary>
    private void CheckAgainstArchitecture(CommandResult result)
    {
        string? name = result.GetValue(Arch);
        if (name is null || !ArchitectureRegistry.Names.Contains(name)) return;
        var info = ArchitectureRegistry.Get(name);
        var pairs = (result.GetValue(Set) ?? []).Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2).ToList();
        try
        {
            _ = new ArchitectureSettings(info.Name, info.Options, pairs.DistinctBy(kv => kv[0]).ToDictionary(kv => kv[0], kv => kv[1]));
        }
        catch (ArgumentException e)
        {
            result.AddError($"{Set.Name}: {e.Message}");
        }
        if (result.GetValue(ImageSize) is { } size && size < info.MinImageSize)
            result.AddError($"{ImageSize.Name}: {info.Name} needs at least {info.MinImageSize}; got {size}.");
    }

    /// <summary>The <c>--set</c> pairs as a dictionary (validated at parse time).</summary>
    public IReadOnlyDictionary<string, string> Settings(ParseResult parsed) =>
        parsed.GetRequiredValue(Set).Select(p => p.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
}

using System.CommandLine;
using MlNetCnn.Models.Registry;

namespace MlNetCnn.Cli.Commands;

/// <summary>
/// The network a verb builds without data (<c>summary</c>, <c>export</c>): the architecture options plus
/// <c>--num-classes K</c> (default 10).
/// </summary>
internal sealed class ModelShapeOptions
{
    public ArchitectureOptions Architecture { get; } = new();

    public Option<int?> NumClasses { get; } =
        new Option<int?>("--num-classes") { Description = "Classes K (default 10)." }.AtLeast(2);

    public void AddTo(Command command)
    {
        Architecture.AddTo(command);
        command.Add(NumClasses);
    }

    /// <summary>The architecture and the spec to build it for; the image size is the architecture's default unless given.</summary>
    public (ArchitectureInfo Info, ModelSpec Spec, int ImageSize) Resolve(ParseResult parsed)
    {
        var info = Architecture.Architecture(parsed);
        var spec = new ModelSpec(parsed.GetValue(Architecture.InChannels) ?? 3, parsed.GetValue(NumClasses) ?? 10,
            parsed.GetValue(Architecture.ImageSize), Architecture.Settings(parsed));
        return (info, spec, info.ImageSizeOf(spec));
    }
}

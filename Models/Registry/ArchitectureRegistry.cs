using MlNetCnn.Models.Architectures;

namespace MlNetCnn.Models.Registry;

/// <summary>
/// The one list of architectures, by unique lower-case name. Trainers, tests, the command line and
/// the docs all read it; a family adds its variants by adding one line to <see cref="Families"/>.
/// </summary>
public static class ArchitectureRegistry
{
    private static readonly Func<IEnumerable<ArchitectureInfo>>[] Families =
    {
        ResNet.Architectures,
        ResNet9.Architectures,
        LeNet.Architectures,
        AlexNet.Architectures,
        Vgg.Architectures,
        NiN.Architectures,
        GoogLeNet.Architectures,
        DenseNet.Architectures,
        MobileNetV1.Architectures,
        MobileNetV2.Architectures,
    };

    private static readonly Lazy<IReadOnlyDictionary<string, ArchitectureInfo>> Entries = new(Build);

    /// <summary>Every registered architecture, in registration order.</summary>
    public static IReadOnlyList<ArchitectureInfo> All => Entries.Value.Values.ToList();

    /// <summary>The registered names.</summary>
    public static IEnumerable<string> Names => Entries.Value.Keys;

    /// <summary>The architecture called <paramref name="name"/>; an unknown name fails listing the known ones.</summary>
    public static ArchitectureInfo Get(string name) =>
        Entries.Value.TryGetValue(name, out var info)
            ? info
            : throw new ArgumentException($"Unknown architecture '{name}'. Known architectures: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Builds the network called <paramref name="name"/> for <paramref name="spec"/>.</summary>
    public static ImageClassifierNetwork Create(string name, ModelSpec spec) => Get(name).Create(spec);

    private static IReadOnlyDictionary<string, ArchitectureInfo> Build()
    {
        var entries = new Dictionary<string, ArchitectureInfo>(StringComparer.Ordinal);
        foreach (var info in Families.SelectMany(family => family()))
        {
            if (info.Name != info.Name.ToLowerInvariant())
                throw new InvalidOperationException($"Architecture names are lower-case; '{info.Name}' is not.");
            if (info.Recipe is null)
                throw new InvalidOperationException($"Architecture '{info.Name}' has no training recipe.");
            if (info.References.Count == 0)
                throw new InvalidOperationException($"Architecture '{info.Name}' has no reference figures (parameters and multiply-adds with their source).");
            if (!entries.TryAdd(info.Name, info))
                throw new InvalidOperationException($"Architecture '{info.Name}' is registered twice.");
        }
        return entries;
    }
}

namespace MlNetCnn.Trainers;

/// <summary>
/// The trainer of each registry family (<c>ArchitectureInfo.Family</c>). Each trainer accepts exactly its family;
/// <see cref="CnnTrainer"/> accepts any registered name. A test checks that every family of the registry is here.
/// </summary>
internal static class FamilyTrainers
{
    /// <summary>Trainer type by family.</summary>
    public static IReadOnlyDictionary<string, Type> ByFamily { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["lenet"] = typeof(LeNetTrainer),
        ["alexnet"] = typeof(AlexNetTrainer),
        ["vgg"] = typeof(VggTrainer),
        ["nin"] = typeof(NiNTrainer),
        ["googlenet"] = typeof(GoogLeNetTrainer),
        ["resnet"] = typeof(ResNetTrainer),
        ["res2net"] = typeof(Res2NetTrainer),
        ["se_resnet"] = typeof(SeResNetTrainer),
        ["densenet"] = typeof(DenseNetTrainer),
        ["mobilenet"] = typeof(MobileNetTrainer),
    };

    /// <summary>The name of the trainer for <paramref name="family"/>, or <see cref="CnnTrainer"/>'s when it has none.</summary>
    public static string NameOf(string family) => ByFamily.TryGetValue(family, out var type) ? type.Name : nameof(CnnTrainer);
}

using System.Reflection;
using Microsoft.ML;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Trainers;

[TestClass]
public sealed class FamilyTrainersTests
{
    public static IEnumerable<object[]> Families => ArchitectureRegistry.All.Select(a => a.Family).Distinct().Select(f => new object[] { f });

    [TestMethod]
    [DynamicData(nameof(Families))]
    public void ByFamily_EveryRegistryFamily_HasATrainerWhoseDefaultIsInThatFamily(string family)
    {
        Assert.IsTrue(FamilyTrainers.ByFamily.TryGetValue(family, out var trainer), $"no trainer for the {family} family");
        var options = NewOptions(trainer);

        Assert.AreEqual(family, ArchitectureRegistry.Get(options.Architecture).Family, $"{trainer.Name}'s default {options.Architecture}");
        Assert.IsNotNull(Activator.CreateInstance(trainer, options));
    }

    [TestMethod]
    [DynamicData(nameof(Families))]
    public void Constructor_ArchitectureOfAnotherFamily_FailsNamingThatFamilysTrainer(string family)
    {
        var trainer = FamilyTrainers.ByFamily[family];
        var other = ArchitectureRegistry.All.First(a => a.Family != family);
        var options = NewOptions(trainer);
        options.Architecture = other.Name;

        var e = Assert.ThrowsExactly<TargetInvocationException>(() => Activator.CreateInstance(trainer, options));

        Assert.IsInstanceOfType<ArgumentException>(e.InnerException);
        StringAssert.Contains(e.InnerException!.Message, FamilyTrainers.ByFamily[other.Family].Name);
        StringAssert.Contains(e.InnerException.Message, other.Name);
    }

    [TestMethod]
    [DynamicData(nameof(Families))]
    public void Catalog_EveryFamilyTrainer_HasASimpleAndAnOptionsOverload(string family)
    {
        var trainer = FamilyTrainers.ByFamily[family];
        var catalog = new MLContext(seed: 1).MulticlassClassification.Trainers;
        var methods = typeof(MlNetCnnCatalog).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == trainer).ToList();

        var simple = methods.Single(m => m.GetParameters().Select(p => p.ParameterType).Skip(1).SequenceEqual(new[] { typeof(string), typeof(string), typeof(int) }));
        var withOptions = methods.Single(m => m.GetParameters().Length == 2 && m.GetParameters()[1].ParameterType == trainer.GetNestedType("Options"));

        Assert.IsInstanceOfType(simple.Invoke(null, new object[] { catalog, "Label", "Features", 1 }), trainer);
        Assert.IsInstanceOfType(withOptions.Invoke(null, new object[] { catalog, NewOptions(trainer) }), trainer);
    }

    [TestMethod]
    public void Options_TypedOptionTheVariantLacks_FailsNamingTheSetting()
    {
        var options = new MobileNetTrainer.Options { Architecture = "mobilenet_v1", WidthMultiplier = 0.5, Dropout = 0.3 };

        var e = Assert.ThrowsExactly<ArgumentException>(() => new MobileNetTrainer(options));

        StringAssert.Contains(e.Message, "Unknown setting 'dropout' for mobilenet_v1. Valid settings: width_multiplier.");
    }

    private static ImageClassificationTrainerOptions NewOptions(Type trainer) =>
        (ImageClassificationTrainerOptions)Activator.CreateInstance(trainer.GetNestedType("Options")!)!;
}

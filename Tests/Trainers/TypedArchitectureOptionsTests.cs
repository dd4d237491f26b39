using System.Reflection;
using System.Text;
using Microsoft.ML;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Trainers;

/// <summary>
/// The typed architecture options of the family trainers (<c>UseResidual</c>, <c>ClassifierWidth</c>, ...) override the same
/// key of <c>ArchitectureSettings</c> only when set: unset, they must leave the dictionary's value alone.
/// </summary>
[TestClass]
public sealed class TypedArchitectureOptionsTests
{
    private static readonly string[] Classes = ["red", "green", "blue"];

    public static IEnumerable<object[]> TypedOptions =>
        FamilyTrainers.ByFamily.Values
            .Select(trainer => trainer.GetNestedType("Options")!)
            .SelectMany(options => options.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(property => property.Name != nameof(ImageClassificationTrainerOptions.Architecture))
            .Select(property => new object[] { property.DeclaringType!.DeclaringType!.Name, property.Name });

    [TestMethod]
    [DynamicData(nameof(TypedOptions))]
    public void TypedOption_Default_IsNullSoTheDictionaryDecides(string trainer, string option)
    {
        Type options = FamilyTrainers.ByFamily.Values.Single(t => t.Name == trainer).GetNestedType("Options")!;

        Assert.IsNull(options.GetProperty(option)!.GetValue(Activator.CreateInstance(options)),
            $"{trainer}.Options.{option} must default to null: a default value would override ArchitectureSettings.");
    }

    [TestMethod]
    [DataRow(null, null, true)]
    [DataRow(false, null, false)]
    [DataRow(null, "false", false)]
    [DataRow(true, "false", true)]
    public void Fit_UseResidualTypedOrInSettings_ReachesTheNetwork(bool? useResidual, string? setting, bool expectShortcuts)
    {
        var ml = new MLContext(seed: 1);
        var options = new ResNetTrainer.Options { Epochs = 1, BatchSize = 24, UseResidual = useResidual };
        if (setting is not null)
            options.ArchitectureSettings["use_residual"] = setting;

        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(new ResNetTrainer(ml, options))
            .Fit(TensorRow.Load(ml, 24, Classes, seed: 2));

        // Initializer names are state-dict keys; the projected shortcuts (layer2.0.downsample.0.weight, ...) exist only with residuals.
        bool shortcuts = Encoding.UTF8.GetString(model.LastTransformer.OnnxModel.Span).Contains(".downsample.", StringComparison.Ordinal);
        Assert.AreEqual(expectShortcuts, shortcuts);
    }
}

using MlNetCnn.Models.Recipes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Trainers;

/// <summary>Every mistake in the input is reported before any training starts, naming the column and the fix.</summary>
[TestClass]
public sealed class TrainerErrorTests
{
    private static readonly string[] Classes = { "a", "b" };

    private static ResNetTrainer Trainer(MLContext ml, Action<ResNetTrainer.Options>? configure = null)
    {
        var options = new ResNetTrainer.Options { Epochs = 1, BatchSize = 8 };
        configure?.Invoke(options);
        return new ResNetTrainer(ml, options);
    }

    private static IDataView Keyed(MLContext ml, IDataView data) => ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);

    [TestMethod]
    public void Fit_MissingImageColumn_NamesColumnAndListsColumns()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, TensorRow.Load(ml, 8, Classes, 1));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, o => o.ImageColumnName = "Pixels").Fit(data));
        StringAssert.Contains(error.Message, "'Pixels'");
        StringAssert.Contains(error.Message, "Features");
    }

    [TestMethod]
    public void Fit_MissingLabelColumn_NamesColumn()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, TensorRow.Load(ml, 8, Classes, 1));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, o => o.LabelColumnName = "Class").Fit(data));
        StringAssert.Contains(error.Message, "label column 'Class'");
    }

    [TestMethod]
    public void Fit_TextLabel_SaysToUseMapValueToKey()
    {
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml).Fit(TensorRow.Load(ml, 8, Classes, 1)));
        StringAssert.Contains(error.Message, "Schema mismatch for label column 'Label': expected a key type, got String");
        StringAssert.Contains(error.Message, "MapValueToKey");
    }

    [TestMethod]
    public void Fit_VariableSizeImageVector_SaysKnownSizeExpected()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, ml.Data.LoadFromEnumerable(new[] { new FlatRow { Label = "a", Features = new float[3] }, new FlatRow { Label = "b", Features = new float[3] } }));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml).Fit(data));
        StringAssert.Contains(error.Message, "Schema mismatch for image column 'Features': expected a known-size Vector<Single>");
        StringAssert.Contains(error.Message, "got Vector<Single>");
    }

    [TestMethod]
    public void Fit_ImageShapeNotMatchingColumn_GivesBothSizes()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, TensorRow.Load(ml, 8, Classes, 1));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, o => o.ImageShape = new[] { 1, 28, 28 }).Fit(data));
        StringAssert.Contains(error.Message, "192 values per row");
        StringAssert.Contains(error.Message, "needs 784");
    }

    [TestMethod]
    public void Fit_ImageSmallerThanArchitectureMinimum_SaysMinimum()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, TensorRow.Load(ml, 8, Classes, 1));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(ml, o => o.Architecture = "resnet18").Fit(data));
        StringAssert.Contains(error.Message, "at least 32×32; got 8×8");
    }

    [TestMethod]
    public void Fit_OneClassKey_SaysTwoNeeded()
    {
        var ml = new MLContext(1);
        var data = Keyed(ml, TensorRow.Load(ml, 8, new[] { "only" }, 1));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml).Fit(data));
        StringAssert.Contains(error.Message, "has 1 class(es); a classifier needs at least two");
    }

    [TestMethod]
    public void Fit_OnlyOneClassPresent_NamesTheClass()
    {
        var ml = new MLContext(1);
        var keyData = ml.Data.LoadFromEnumerable(new[] { new KeyRow { Value = "a" }, new KeyRow { Value = "b" } });
        var rows = TensorRow.Load(ml, 8, new[] { "a" }, 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keyData).Fit(rows).Transform(rows);
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml).Fit(data));
        StringAssert.Contains(error.Message, "only class 'a'");
    }

    [TestMethod]
    public void Fit_EmptyData_SaysNoRows()
    {
        var ml = new MLContext(1);
        var keyData = ml.Data.LoadFromEnumerable(new[] { new KeyRow { Value = "a" }, new KeyRow { Value = "b" } });
        var rows = ml.Data.LoadFromEnumerable(new List<TensorRow>());
        var data = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keyData).Fit(rows).Transform(rows);
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml).Fit(data));
        StringAssert.Contains(error.Message, "no rows");
    }

    [TestMethod]
    public void Fit_MissingLabels_SkipsThemAndReportsCount()
    {
        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var keyData = ml.Data.LoadFromEnumerable(new[] { new KeyRow { Value = "a" }, new KeyRow { Value = "b" } });
        var rows = TensorRow.Make(12, new[] { "a", "b", "unknown" }, 1);
        var view = ml.Data.LoadFromEnumerable(rows);
        var data = ml.Transforms.Conversion.MapValueToKey("Label", keyData: keyData).Fit(view).Transform(view);
        var model = Trainer(ml).Fit(data);
        Assert.AreEqual(4L, model.Info.SkippedRows);
        Assert.AreEqual(8L, model.Info.TrainingRows);
        Assert.IsTrue(messages.Any(m => m.Contains("Skipped 4 of 12 rows whose label 'Label' is missing")), string.Join("\n", messages));
    }

    [TestMethod]
    public void Constructor_BadOptions_NameTheOption()
    {
        var ml = new MLContext(1);
        Assert.AreEqual("Epochs", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(ml, o => o.Epochs = 0)).ParamName);
        Assert.AreEqual("LearningRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(ml, o => o.LearningRate = -1)).ParamName);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, o => o.Architecture = "vgg99")).Message, "Known architectures");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, o => o.ArchitectureSettings["depth"] = "3")).Message, "Unknown setting 'depth'");
    }

    [TestMethod]
    [DataRow(nameof(ResNetTrainer.Options.WarmupEpochs), -1.0)]
    [DataRow(nameof(ResNetTrainer.Options.WarmupEpochs), 2.0)]
    [DataRow(nameof(ResNetTrainer.Options.LearningRateDecay), 0.0)]
    [DataRow(nameof(ResNetTrainer.Options.LearningRateDecay), 1.5)]
    [DataRow(nameof(ResNetTrainer.Options.LearningRateStepEpochs), 0)]
    [DataRow(nameof(ResNetTrainer.Options.Optimizer), (OptimizerKind)7)]
    [DataRow(nameof(ResNetTrainer.Options.LabelSmoothing), 1.0)]
    [DataRow(nameof(ResNetTrainer.Options.LabelSmoothing), -0.1)]
    [DataRow(nameof(ResNetTrainer.Options.GradientClipNorm), 0.0)]
    [DataRow(nameof(ResNetTrainer.Options.GradientClipNorm), double.PositiveInfinity)]
    [DataRow(nameof(ResNetTrainer.Options.WeightDecay), double.NaN)]
    public void Constructor_OptimisationOptionOutOfRange_NamesTheOption(string option, object value)
    {
        var ml = new MLContext(1);
        var property = typeof(ResNetTrainer.Options).GetProperty(option)!;
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trainer(ml, o => property.SetValue(o, value)));
        Assert.AreEqual(option, error.ParamName);
    }

    [TestMethod]
    [DataRow(OptimizerKind.Adam, 0.9)]
    [DataRow(OptimizerKind.Sgd, 0.0)]
    public void Constructor_NesterovWithoutSgdMomentum_NamesNesterov(OptimizerKind optimizer, double momentum)
    {
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<ArgumentException>(() => Trainer(ml, o => { o.Nesterov = true; o.Optimizer = optimizer; o.Momentum = momentum; }));
        Assert.AreEqual("Nesterov", error.ParamName);
    }

    private sealed class FlatRow
    {
        public string Label { get; set; } = "";

        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class KeyRow
    {
        public string Value { get; set; } = "";
    }
}

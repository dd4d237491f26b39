using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Space;

[TestClass]
public sealed class SearchSpaceTests
{
    internal static SearchSpace Example() => new SearchSpace()
        .AddArchitectures("resnet9", "lenet5")
        .AddSettingChoice("resnet9", "width", "16", "8")
        .AddRange("LearningRate", 1e-3, 1e-1, logScale: true)
        .AddChoice("Optimizer", "sgd", "adamw")
        .AddChoice("BatchSize", 128, 64)
        .SetFixed("WeightDecay", 5e-4);

    [TestMethod]
    public void AddArchitectures_UnknownName_ListsKnownNames()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new SearchSpace().AddArchitectures("resnet7"));

        StringAssert.Contains(error.Message, "'resnet7'");
        StringAssert.Contains(error.Message, "resnet9");
        StringAssert.Contains(error.Message, "lenet5");
    }

    [TestMethod]
    public void AddSettingChoice_KeyTheArchitectureLacks_NamesArchitectureAndListsItsKeys()
    {
        var space = new SearchSpace().AddArchitectures("resnet9", "lenet5");

        var error = Assert.ThrowsExactly<ArgumentException>(() => space.AddSettingChoice("resnet9", "depth", "9"));
        var none = Assert.ThrowsExactly<ArgumentException>(() => space.AddSettingChoice("lenet5", "activation", "relu"));

        StringAssert.Contains(error.Message, "resnet9 has no setting 'depth'; its settings: use_residual, width");
        StringAssert.Contains(none.Message, "lenet5 has no setting 'activation'; its settings: none");
    }

    [TestMethod]
    public void AddSettingChoice_ArchitectureNotInSpace_IsRefused()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new SearchSpace().AddArchitectures("lenet5").AddSettingChoice("resnet9", "width", "8"));

        StringAssert.Contains(error.Message, "expected one of the space's architectures (lenet5)");
    }

    [TestMethod]
    public void AddChoice_TypedAndTextValues_AreKeptAsCanonicalText()
    {
        var space = new SearchSpace().AddArchitectures("lenet5")
            .AddChoice("LearningRate", "1e-3", 0.01)
            .AddChoice("Optimizer", "ADAMW", "sgd");

        CollectionAssert.AreEqual(
            new[] { "architecture: fixed lenet5", "LearningRate: one of 0.001, 0.01", "Optimizer: one of AdamW, Sgd" },
            space.Describe().ToArray());
    }

    [TestMethod]
    public void AddChoice_ValueOfWrongType_NamesOptionAndExpectedType()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new SearchSpace().AddChoice("BatchSize", "64", "large"));

        StringAssert.Contains(error.Message, "Option BatchSize: expected an integer; got 'large'");
    }

    [TestMethod]
    public void AddRange_BadEnds_AreRefusedWithWhatWasFound()
    {
        var space = new SearchSpace();

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.AddRange("LearningRate", 0, 0.1, logScale: true)).Message, "a log range needs low > 0; got 0..0.1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.AddRange("LearningRate", 0.1, 0.01)).Message, "expected a range with finite low < high; got 0.1..0.01");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.AddRange("BatchSize", 16.5, 64)).Message, "BatchSize is an integer: expected whole ends");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => space.AddRange("Nesterov", 0, 1)).Message, "list its values as a choice");
    }

    [TestMethod]
    public void AddChoice_SameOptionTwice_IsRefused()
    {
        var space = new SearchSpace().AddChoice("BatchSize", 64);

        var error = Assert.ThrowsExactly<ArgumentException>(() => space.AddRange("BatchSize", 16, 256));

        StringAssert.Contains(error.Message, "BatchSize is already in the space (fixed 64)");
    }

    [TestMethod]
    public void Describe_OneCanonicalLinePerDimension_WhateverTheOrderOfAdding()
    {
        var other = new SearchSpace()
            .AddArchitectures("lenet5").AddArchitectures("resnet9")
            .SetFixed("WeightDecay", "0.0005")
            .AddChoice("BatchSize", "64", "128")
            .AddChoice("Optimizer", "AdamW", "Sgd")
            .AddRange("LearningRate", 0.001, 0.1, logScale: true)
            .AddSettingChoice("resnet9", "width", "8", "16");

        CollectionAssert.AreEqual(new[]
        {
            "architecture: one of lenet5, resnet9",
            "resnet9:width: one of 8, 16 (when architecture is resnet9)",
            "BatchSize: one of 64, 128",
            "LearningRate: log range 0.001..0.1",
            "Optimizer: one of AdamW, Sgd",
            "WeightDecay: fixed 0.0005",
        }, Example().Describe().ToArray());
        CollectionAssert.AreEqual(Example().Describe().ToArray(), other.Describe().ToArray());
        Assert.AreEqual(0, Example().DifferencesFrom(other).Count);
    }

    [TestMethod]
    public void DifferencesFrom_AddedRemovedChanged_NamesEachInWords()
    {
        var before = Example();
        var after = new SearchSpace()
            .AddArchitectures("resnet9", "lenet5")
            .AddSettingChoice("resnet9", "width", "8", "16", "32")
            .AddRange("LearningRate", 1e-3, 1e-1, logScale: true)
            .AddChoice("Optimizer", "sgd", "adamw")
            .AddChoice("BatchSize", 128, 64)
            .AddRange("LabelSmoothing", 0, 0.2);

        CollectionAssert.AreEqual(new[]
        {
            "resnet9:width changed from one of 8, 16 to one of 8, 16, 32",
            "added LabelSmoothing: range 0..0.2",
            "removed WeightDecay: fixed 0.0005",
        }, after.DifferencesFrom(before).ToArray());
    }

    [TestMethod]
    public void ToJson_FromJson_RoundTripsExactly()
    {
        var space = Example().AddRange("RandomCropPadding", 0, 4);

        string json = space.ToJson();
        var read = SearchSpace.FromJson(json);

        Assert.AreEqual(json, read.ToJson());
        CollectionAssert.AreEqual(space.Describe().ToArray(), read.Describe().ToArray());
        CollectionAssert.AreEqual(space.Grid(3).Select(c => c.Key).ToArray(), read.Grid(3).Select(c => c.Key).ToArray());
    }

    [TestMethod]
    public void FromJson_UnknownDimensionKind_SaysWhatWasExpected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            SearchSpace.FromJson("""{ "architectures": ["lenet5"], "dimensions": [ { "kind": "spiral", "option": "BatchSize" } ] }"""));

        StringAssert.Contains(error.Message, "expected a dimension of kind 'choice'");
        StringAssert.Contains(error.Message, "spiral");
    }
}

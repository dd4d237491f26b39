using MlNetCnn.Pipelines.Sweeps.Space;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Space;

[TestClass]
public sealed class SearchSpaceTextTests
{
    [TestMethod]
    public void Parse_CommandLineForm_EqualsTheFluentSpace()
    {
        var space = SearchSpaceText.Parse("resnet9, lenet5", new[] { "resnet9:width=8,16" }, new Dictionary<string, string>
        {
            ["LearningRate"] = "1e-3..1e-1:log",
            ["optimizer"] = "sgd,adamw",
            ["BatchSize"] = "64,128",
            ["WeightDecay"] = "5e-4",
        });

        CollectionAssert.AreEqual(SearchSpaceTests.Example().Describe().ToArray(), space.Describe().ToArray());
    }

    [TestMethod]
    public void Parse_LinearRangeAndListSetting_AreRead()
    {
        var space = SearchSpaceText.Parse("densenet_cifar", new[] { "densenet_cifar:block_config=6,12,24,16|4,8,16" },
            new Dictionary<string, string> { ["LabelSmoothing"] = "0..0.2" });

        CollectionAssert.AreEqual(new[]
        {
            "architecture: fixed densenet_cifar",
            "densenet_cifar:block_config: one of 4,8,16, 6,12,24,16 (when architecture is densenet_cifar)",
            "LabelSmoothing: range 0..0.2",
        }, space.Describe().ToArray());
    }

    [TestMethod]
    [DataRow("LearningRate", "1e-3..big:log", "Option LearningRate '1e-3..big:log': expected a number for HI in LO..HI or LO..HI:log; got 'big'.")]
    [DataRow("LearningRate", "0..1:log", "Option LearningRate '0..1:log': Option LearningRate: a log range needs low > 0; got 0..1.")]
    [DataRow("Optimizer", "sgd,lion", "Option Optimizer 'sgd,lion': Option Optimizer: expected one of Sgd, Adam, AdamW; got 'lion'.")]
    [DataRow("Colour", "red", "Option Colour 'red': 'Colour' is not a trainer option a sweep can set; expected one of:")]
    public void Parse_BadOption_NamesOptionExpectedAndFound(string option, string text, string expected)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            SearchSpaceText.Parse("lenet5", options: new Dictionary<string, string> { [option] = text }));

        StringAssert.StartsWith(error.Message, expected);
    }

    [TestMethod]
    [DataRow("resnet9width=8", "--set 'resnet9width=8': expected ARCH:KEY=V1,V2 (e.g. resnet9:width=8,16).")]
    [DataRow("resnet9:depth=9", "--set 'resnet9:depth=9': resnet9 has no setting 'depth'; its settings: use_residual, width.")]
    public void Parse_BadSet_NamesFlagExpectedAndFound(string set, string expected)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => SearchSpaceText.Parse("resnet9", new[] { set }));

        Assert.AreEqual(expected, error.Message);
    }

    [TestMethod]
    public void Parse_NoOrUnknownArchitectures_NamesArchs()
    {
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => SearchSpaceText.Parse(" , ")).Message, "--arch: expected comma-separated architecture names; got ' , '.");
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => SearchSpaceText.Parse("resnet9,resnet7")).Message, "--arch 'resnet9,resnet7': Unknown architecture 'resnet7'. Known architectures:");
    }
}

using Microsoft.ML.OnnxRuntime;
using MlNetCnn.Cli;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using MlNetCnn.Tests.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.Cli;

/// <summary>The verbs that build a network without data: list, summary, export; and train's --weights.</summary>
[TestClass]
public sealed class CliModelVerbsTests
{
    [TestMethod]
    public void List_Registry_PrintsEveryNameWithFamilyAndParameters()
    {
        var (code, output, error) = CliRun.Run(["list"]);

        Assert.AreEqual(CliApp.Success, code, error);
        var lines = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(l => l.Length > 0).ToList();
        foreach (var info in ArchitectureRegistry.All)
            Assert.IsTrue(lines.Any(l => l[0] == info.Name && l[1] == info.Family), $"no line for {info.Name} ({info.Family})");
        StringAssert.Contains(output, "11,173,962"); // resnet18_cifar
    }

    [TestMethod]
    public void List_Recipes_PrintsEveryArchitecturesRecipeAndItsSource()
    {
        var (code, output, error) = CliRun.Run(["list", "--recipes"]);

        Assert.AreEqual(CliApp.Success, code, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var info in ArchitectureRegistry.All)
        {
            int at = lines.FindIndex(l => l.StartsWith(info.Name + " ", StringComparison.Ordinal));
            Assert.IsGreaterThanOrEqualTo(0, at, $"no line for {info.Name}");
            StringAssert.EndsWith(lines[at], info.Recipe.Describe());
            StringAssert.EndsWith(lines[at + 1], "source: " + info.Recipe.Source);
        }
    }

    [TestMethod]
    public void Summary_Lenet5_EndsWithItsRecipe()
    {
        var recipe = ArchitectureRegistry.Get("lenet5").Recipe;

        var (code, output, error) = CliRun.Run(["summary", "--arch", "lenet5", "--in-channels", "1"]);

        Assert.AreEqual(CliApp.Success, code, error);
        StringAssert.Contains(output, $"Recipe: {recipe.Describe()}");
        StringAssert.Contains(output, $"Recipe source: {recipe.Source}");
    }

    [TestMethod]
    public void Summary_ResNet18Cifar_ShowsPublishedParametersAndMultiplyAdds()
    {
        var (code, output, error) = CliRun.Run(["summary", "--arch", "resnet18_cifar"]);

        Assert.AreEqual(CliApp.Success, code, error);
        StringAssert.Contains(output, "layer1.0.conv1");
        StringAssert.Contains(output, "Total parameters: 11,173,962");
        StringAssert.Contains(output, "Multiply-adds per image: 555,422,720"); // 0.556 G
    }

    [TestMethod]
    public void Export_Bare_OnnxRuntimeLoadsInputAndLogits()
    {
        using var files = new DataSetTestFiles();
        string path = Path.Combine(files.Root, "m.onnx");

        var (code, _, error) = CliRun.Run(["export", "--arch", "lenet5", "--in-channels", "1", "--num-classes", "4", "--bare", "--out", path]);

        Assert.AreEqual(CliApp.Success, code, error);
        using var session = new InferenceSession(path);
        CollectionAssert.AreEqual(new[] { -1, 1, 28, 28 }, session.InputMetadata["input"].Dimensions);
        CollectionAssert.AreEqual(new[] { -1, 4 }, session.OutputMetadata["logits"].Dimensions);
    }

    [TestMethod]
    public void Export_ScoringWithWeights_HasNormalisationScoreAndClassName()
    {
        using var files = new DataSetTestFiles();
        string weights = Path.Combine(files.Root, "w.safetensors"), path = Path.Combine(files.Root, "m.onnx");
        using (var network = ArchitectureRegistry.Create("cifarnet", new ModelSpec(3, 5)))
            WeightSaver.Save(network, weights);

        var (code, _, error) = CliRun.Run(["export", "--arch", "cifarnet", "--num-classes", "5", "--weights", weights, "--out", path]);

        Assert.AreEqual(CliApp.Success, code, error);
        using var session = new InferenceSession(path);
        CollectionAssert.AreEqual(new[] { -1, 3, 32, 32 }, session.InputMetadata["Features"].Dimensions);
        CollectionAssert.AreEquivalent(new[] { "Score", "PredictedClassName" }, session.OutputMetadata.Keys.ToArray());
    }

    [TestMethod]
    public void Export_WeightsOfAnotherShape_Exits1WithTheMismatch()
    {
        using var files = new DataSetTestFiles();
        string weights = Path.Combine(files.Root, "w.safetensors");
        using (var network = ArchitectureRegistry.Create("cifarnet", new ModelSpec(3, 5)))
            WeightSaver.Save(network, weights);

        var (code, _, error) = CliRun.Run(["export", "--arch", "cifarnet", "--weights", weights, "--out", Path.Combine(files.Root, "m.onnx")]);

        Assert.AreEqual(CliApp.Failure, code);
        StringAssert.Contains(error, "fc3.weight: network [10, 84], file [5, 84]");
    }

    [TestMethod]
    [DataRow("summary")]
    [DataRow("export")]
    public void Run_UnknownArch_Exits2ListingTheNames(string verb)
    {
        var (code, _, error) = CliRun.Run([verb, "--arch", "resnet19", "--out", "x.onnx"]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, "--arch: 'resnet19' is not accepted; expected one of: " + string.Join(", ", ArchitectureRegistry.Names));
    }

    [TestMethod]
    public void Run_UnknownSetKey_Exits2ListingTheValidKeys()
    {
        var (code, _, error) = CliRun.Run(["summary", "--arch", "vgg11", "--set", "depth=3"]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, "--set: Unknown setting 'depth' for vgg11. Valid settings: classifier_width, width_divisor.");
    }

    [TestMethod]
    public void Run_ImageSizeBelowTheMinimum_Exits2NamingIt()
    {
        var (code, _, error) = CliRun.Run(["summary", "--arch", "nin", "--image-size", "32"]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, "--image-size: nin needs at least 67; got 32.");
    }

    [TestMethod]
    public void Train_WeightsOfAnotherArchitecture_ReachesTheTrainerAndExits1WithTheMismatch()
    {
        using var files = new DataSetTestFiles();
        string weights = Path.Combine(files.Root, "w.safetensors");
        using (var network = ArchitectureRegistry.Create("lenet5_relu", new ModelSpec(3, 10, 32)))
            WeightSaver.Save(network, weights);

        var (code, _, error) = CliRun.Run(["train", "--arch", "cifarnet", "--data", "folder", "--data-dir", Path.Combine(DataSetTestFiles.ShippedSubset, "train"),
            "--limit", "20", "--epochs", "1", "--weights", weights, "--out", files.Root]);

        Assert.AreEqual(CliApp.Failure, code, error);
        StringAssert.Contains(error, "do not fit the network");
    }
}

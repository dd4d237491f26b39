using MlNetCnn.Models.Recipes;
using MlNetCnn.Models.Registry;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>How a run's recipe comes from the architecture's recipe and the options the user set.</summary>
[TestClass]
public sealed class RunRecipeTests
{
    private static readonly TrainingRecipe ResNet9 = ArchitectureRegistry.Get("resnet9").Recipe;

    [TestMethod]
    public void Resolve_NothingSet_TakesTheArchitecturesRecipe()
    {
        var run = RunRecipe.Resolve(new CnnTrainer.Options { Architecture = "resnet9" }, ResNet9, channels: 3, imageSize: 32);

        Assert.AreEqual(ResNet9, run.Recipe);
        Assert.AreEqual(4, run.CropPadding);
        Assert.IsTrue(run.Flip);
        Assert.AreEqual(0, run.RandomErasingProbability);
    }

    [TestMethod]
    public void Resolve_GreyImages_RecipeFlipsNothingAndPadsByAnEighth()
    {
        var run = RunRecipe.Resolve(new CnnTrainer.Options { Architecture = "resnet9" }, ResNet9, channels: 1, imageSize: 28);

        Assert.IsFalse(run.Flip, "a mirrored digit is another glyph");
        Assert.AreEqual(4, run.CropPadding, "28 / 8 = 3.5, rounded away from zero");
    }

    [TestMethod]
    public void Resolve_OptionsSet_WinOverTheRecipe()
    {
        var options = new CnnTrainer.Options
        {
            Architecture = "resnet9", LearningRate = 0.03, BatchSize = 64, LearningRateSchedule = LearningRateSchedule.Cosine, WarmupEpochs = 1,
            WeightDecay = 0, LabelSmoothing = 0, Nesterov = false, HorizontalFlip = false, RandomCropPadding = 0, RandomErasingProbability = 0.5,
        };

        var run = RunRecipe.Resolve(options, ResNet9, channels: 3, imageSize: 32);

        Assert.AreEqual(ResNet9 with
        {
            LearningRate = 0.03, BatchSize = 64, Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1, WeightDecay = 0, LabelSmoothing = 0, Nesterov = false,
        }, run.Recipe);
        Assert.AreEqual((0, false, 0.5), (run.CropPadding, run.Flip, run.RandomErasingProbability));
    }

    [TestMethod]
    public void Resolve_AnotherOptimiserWithoutRate_TakesThatOptimisersUsualRateAndNoNesterov()
    {
        var run = RunRecipe.Resolve(new CnnTrainer.Options { Architecture = "resnet9", Optimizer = OptimizerKind.AdamW }, ResNet9, 3, 32);

        Assert.AreEqual(1e-3, run.Recipe.LearningRate);
        Assert.IsFalse(run.Recipe.Nesterov);
    }

    [TestMethod]
    [DataRow(128, null, 0.1)]            // half the recipe's batch: half its rate
    [DataRow(null, 64L, 0.05)]           // 64 training rows: a batch of 64
    [DataRow(512, null, 0.2)]            // a larger batch keeps the recipe's rate
    public void Resolve_SmallerBatchWithoutRate_ScalesTheSgdRateLinearly(int? batchSize, long? rows, double expected)
    {
        var options = new CnnTrainer.Options { Architecture = "resnet9", BatchSize = batchSize };

        var run = RunRecipe.Resolve(options, ResNet9, 3, 32, rows ?? long.MaxValue);

        Assert.AreEqual(expected, run.Recipe.LearningRate, 1e-12);
    }

    [TestMethod]
    public void Resolve_NesterovWithAdam_FailsNamingBoth()
    {
        var options = new CnnTrainer.Options { Architecture = "resnet9", Optimizer = OptimizerKind.Adam, Nesterov = true };

        var error = Assert.ThrowsExactly<ArgumentException>(() => RunRecipe.Resolve(options, ResNet9, 3, 32));

        Assert.AreEqual(nameof(CnnTrainer.Options.Nesterov), error.ParamName);
        StringAssert.Contains(error.Message, "Optimizer = Adam");
    }

    [TestMethod]
    public void Resolve_RecipeWarmupLongerThanTheRun_IsCutToTheRun()
    {
        var recipe = ResNet9 with { WarmupEpochs = 5 };

        var run = RunRecipe.Resolve(new CnnTrainer.Options { Architecture = "resnet9", Epochs = 2 }, recipe, 3, 32);

        Assert.AreEqual(2, run.Recipe.WarmupEpochs);
    }

    [TestMethod]
    public void Resolve_PretrainedWeights_UsesTheFineTuningRecipeCutToTheRun()
    {
        var run = RunRecipe.Resolve(new CnnTrainer.Options { Architecture = "resnet18", Pretrained = "imagenet", Epochs = 1 }, ResNet9, 3, 64);

        Assert.AreEqual(KnownRecipes.FineTuning.Source, run.Recipe.Source);
        Assert.AreEqual(1, run.Recipe.FreezeBackboneEpochs, "the recipe's 2 frozen epochs, cut to the run");
        Assert.AreEqual(0.1, run.Recipe.BackboneLearningRateScale);
        Assert.IsTrue(run.Recipe.CacheBackboneFeatures);
        Assert.IsTrue(run.Recipe.FreezeBatchNorm, "BatchNorm keeps the pretrained statistics");
        Assert.IsTrue(run.Recipe.Nesterov);
        Assert.AreEqual(0.35, run.ResizedCropMinScale);
        Assert.AreEqual(0, run.CropPadding);
        Assert.IsTrue(run.Flip);
    }

    [TestMethod]
    public void Resolve_PretrainedWithOptionsSet_TheOptionsWin()
    {
        var options = new CnnTrainer.Options
        {
            Architecture = "resnet18", Pretrained = "imagenet", FreezeBackboneEpochs = 0, BackboneLearningRateScale = 0.5,
            CacheBackboneFeatures = false, RandomResizedCropScale = 0.8, LearningRate = 0.03, FreezeBatchNorm = false,
        };

        var run = RunRecipe.Resolve(options, ResNet9, 3, 64);

        Assert.AreEqual((0, 0.5, false, 0.8, 0.03, false),
            (run.Recipe.FreezeBackboneEpochs, run.Recipe.BackboneLearningRateScale, run.Recipe.CacheBackboneFeatures, run.ResizedCropMinScale, run.Recipe.LearningRate,
             run.Recipe.FreezeBatchNorm));
    }

    [TestMethod]
    public void Resolve_NoPretrainedWeights_KeepsTheArchitecturesRecipeWithoutFineTuning()
    {
        var run = RunRecipe.Resolve(new CnnTrainer.Options { Architecture = "resnet9" }, ResNet9, 3, 32);

        Assert.AreEqual((0, 1.0, false, 1.0, false),
            (run.Recipe.FreezeBackboneEpochs, run.Recipe.BackboneLearningRateScale, run.Recipe.CacheBackboneFeatures, run.ResizedCropMinScale, run.Recipe.FreezeBatchNorm));
    }
}

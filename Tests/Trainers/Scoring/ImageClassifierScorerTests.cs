using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Tests.Pipelines.DataSets;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Trainers.Scoring;

/// <summary>Bulk scoring on real shipped CIFAR-10 images with a CifarNet trained for one epoch.</summary>
[TestClass]
public sealed class ImageClassifierScorerTests
{
    private static TrainedImageModel Trained => TrainedImageModel.Instance;

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]  // not a divisor of 20
    [DataRow(64)] // larger than the input
    public void Score_ImagePaths_InInputOrderAndEqualToTransform(int batchSize)
    {
        var images = TrainedImageModel.TestImages(perClass: 2);
        float[][] expected = TransformScores(Trained.Model, images);
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model, new ImageClassifierScorerOptions { BatchSize = batchSize });

        var predictions = scorer.Score(images.Select(i => i.ImagePath)).ToList();

        Assert.HasCount(images.Count, predictions);
        for (int i = 0; i < images.Count; i++)
        {
            Assert.AreEqual(i, predictions[i].Row);
            Assert.AreEqual(images[i].ImagePath, predictions[i].ImagePath);
            AssertScores(expected[i], predictions[i], images[i].ImagePath);
        }
    }

    [TestMethod]
    public void Score_ModelLoadedFromZipInFreshContext_SameScoresAsTransformOfTrainedModel()
    {
        var images = TrainedImageModel.TestImages(perClass: 1);
        float[][] expected = TransformScores(Trained.Model, images);
        var fresh = new MLContext();
        var loaded = fresh.Model.Load(Trained.ZipPath, out _);
        using var scorer = fresh.Model.CreateImageClassifierScorer(loaded, new ImageClassifierScorerOptions { BatchSize = 4 });

        var predictions = scorer.Score(images.Select(i => i.ImagePath)).ToList();

        CollectionAssert.AreEqual(ClassNamesOfTrained(), scorer.ClassNames.ToArray());
        Assert.AreEqual(new ImageTensorSettings(32, 32), scorer.ImageStep!.Settings);
        for (int i = 0; i < images.Count; i++)
            AssertScores(expected[i], predictions[i], images[i].ImagePath);
    }

    [TestMethod]
    public void ScoreEncodedAndScoreTensors_SameImages_SameScoresAsPaths()
    {
        var paths = TrainedImageModel.TestImages(perClass: 1).Select(i => i.ImagePath).ToList();
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model);

        var fromPaths = scorer.Score(paths).ToList();
        var fromBytes = scorer.ScoreEncoded(paths.Select(File.ReadAllBytes)).ToList();
        var fromTensors = scorer.ScoreTensors(paths.Select(p => ImageDecoding.DecodeFileToChw(p, scorer.ImageStep!.Settings))).ToList();

        for (int i = 0; i < paths.Count; i++)
        {
            CollectionAssert.AreEqual(fromPaths[i].Scores, fromBytes[i].Scores, $"bytes of {paths[i]}");
            CollectionAssert.AreEqual(fromPaths[i].Scores, fromTensors[i].Scores, $"tensor of {paths[i]}");
            Assert.IsNull(fromBytes[i].ImagePath);
        }
    }

    [TestMethod]
    public void Score_CorruptAndMissingFiles_ReportedOnTheirRowsNamingTheFileAndOthersScored()
    {
        using var folder = new DataSetTestFiles();
        string corrupt = folder.Write("corrupt.png", "this is not a PNG"u8.ToArray());
        string missing = Path.Combine(folder.Root, "missing.png");
        var good = TrainedImageModel.TestImages(perClass: 1).Select(i => i.ImagePath).Take(4).ToList();
        string[] paths = [good[0], corrupt, good[1], good[2], missing, good[3]];
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model, new ImageClassifierScorerOptions { BatchSize = 4 });

        var predictions = scorer.Score(paths).ToList();

        Assert.HasCount(paths.Length, predictions);
        CollectionAssert.AreEqual(new[] { true, false, true, true, false, true }, predictions.Select(p => p.Succeeded).ToArray());
        StringAssert.Contains(predictions[1].Error, corrupt);
        StringAssert.Contains(predictions[1].Error, "expected an encoded image");
        StringAssert.Contains(predictions[4].Error, missing);
        StringAssert.Contains(predictions[4].Error, "does not exist");
        Assert.AreEqual(corrupt, predictions[1].ImagePath);
        Assert.IsNull(predictions[1].PredictedLabel);
        Assert.IsEmpty(predictions[1].Scores);
        var alone = scorer.Score([good[1]]).Single();
        CollectionAssert.AreEqual(alone.Scores, predictions[2].Scores, "a failed neighbour in the batch changes nothing");
    }

    [TestMethod]
    public void Score_StopOnFirstError_ThrowsNamingRowAndFileAfterTheRowsBefore()
    {
        using var folder = new DataSetTestFiles();
        string corrupt = folder.Write("corrupt.png", [0x89, 0x50, 0x4E, 0x47]);
        var good = TrainedImageModel.TestImages(perClass: 1).Select(i => i.ImagePath).Take(3).ToList();
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model,
            new ImageClassifierScorerOptions { BatchSize = 2, StopOnFirstError = true });
        var seen = new List<ImagePrediction>();

        var error = Assert.ThrowsExactly<ImageLoadException>(() =>
        {
            foreach (var prediction in scorer.Score([good[0], good[1], corrupt, good[2]]))
                seen.Add(prediction);
        });

        Assert.HasCount(2, seen);
        StringAssert.StartsWith(error.Message, "Row 2: ");
        StringAssert.Contains(error.Message, corrupt);
        Assert.AreEqual(Path.GetFullPath(corrupt), Path.GetFullPath(error.ImagePath!));
    }

    [TestMethod]
    public void ScoreTensors_WrongLength_FailsThatRowNamingExpectedLength()
    {
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model);

        var predictions = scorer.ScoreTensors([new float[3 * 32 * 32], new float[10]]).ToList();

        Assert.IsTrue(predictions[0].Succeeded);
        StringAssert.Contains(predictions[1].Error, "row 1 holds 10 floats");
        StringAssert.Contains(predictions[1].Error, "3072");
    }

    [TestMethod]
    public void Score_EarlyStop_LeavesTheScorerUsable()
    {
        var paths = TrainedImageModel.TestImages(perClass: 2).Select(i => i.ImagePath).ToList();
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model, new ImageClassifierScorerOptions { BatchSize = 3 });

        var first = scorer.Score(paths).Take(2).ToList();
        var all = scorer.Score(paths).ToList();

        CollectionAssert.AreEqual(all[1].Scores, first[1].Scores);
        Assert.HasCount(paths.Count, all);
    }

    [TestMethod]
    public void Prediction_Top_MostProbableFirstWithClassNames()
    {
        using var scorer = Trained.Context.Model.CreateImageClassifierScorer(Trained.Model);
        var prediction = scorer.Score([TrainedImageModel.TestImages(1)[0].ImagePath]).Single();

        var top = prediction.Top(3);

        Assert.HasCount(3, top);
        Assert.AreEqual(prediction.PredictedLabel, top[0].Label);
        Assert.AreEqual(prediction.Probability, top[0].Probability);
        Assert.IsTrue(top[0].Probability >= top[1].Probability && top[1].Probability >= top[2].Probability);
        Assert.AreEqual(1f, prediction.Scores.Sum(), 1e-5f);
    }

    [TestMethod]
    [DataRow(nameof(ImageClassifierScorerOptions.BatchSize))]
    [DataRow(nameof(ImageClassifierScorerOptions.DecodeThreads))]
    public void Create_OptionBelowOne_ThrowsNamingTheOption(string option)
    {
        var options = new ImageClassifierScorerOptions();
        typeof(ImageClassifierScorerOptions).GetProperty(option)!.SetValue(options, 0);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Trained.Context.Model.CreateImageClassifierScorer(Trained.Model, options));

        StringAssert.Contains(error.Message, $"{option} must be at least 1; got 0");
    }

    [TestMethod]
    public void Create_ModelWithoutClassifier_ThrowsSayingWhatItHolds()
    {
        var ml = new MLContext();
        var imagesOnly = ml.Transforms.LoadImagesAsTensors("Features", "ImagePath", 32, 32)
            .Fit(ml.Data.LoadFromEnumerable(TrainedImageModel.TestImages(1)));

        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Model.CreateImageClassifierScorer(imagesOnly));

        StringAssert.Contains(error.Message, "holds no MlNetCnn image classifier");
        StringAssert.Contains(error.Message, "found 1 other ONNX graph(s)");
    }

    private static float[][] TransformScores(ITransformer model, List<ImageFile> images) =>
        model.Transform(Trained.Context.Data.LoadFromEnumerable(images)).GetColumn<float[]>("Score").ToArray();

    private static string[] ClassNamesOfTrained() =>
        ((TransformerChain<ImageClassificationTransformer>)Trained.Model).LastTransformer.ClassNames.ToArray();

    private static void AssertScores(float[] expected, ImagePrediction actual, string image)
    {
        Assert.IsTrue(actual.Succeeded, actual.Error);
        Assert.HasCount(expected.Length, actual.Scores);
        for (int k = 0; k < expected.Length; k++)
            Assert.AreEqual(expected[k], actual.Scores[k], 1e-5f, $"score {k} of {image}");
    }
}

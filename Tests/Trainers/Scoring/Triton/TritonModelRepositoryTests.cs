using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetCnn.Tests.Pipelines.DataSets;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Tests.Trainers.Scoring.Triton;

/// <summary>
/// <c>mlContext.Model.ExportToTriton</c> on the shared trained CifarNet: the written folder is checked the way Triton's ONNX
/// Runtime backend checks a model when it loads it — every configured tensor exists in the ONNX graph with the configured
/// type and shape — and the exported graph scores a real image as the ML.NET model does.
/// </summary>
[TestClass]
public sealed class TritonModelRepositoryTests
{
    private static readonly Dictionary<TensorElementType, string> TritonTypes = new()
    {
        [TensorElementType.Float] = "TYPE_FP32",
        [TensorElementType.Int64] = "TYPE_INT64",
        [TensorElementType.String] = "TYPE_STRING",
    };

    private static TrainedImageModel Trained => TrainedImageModel.Instance;

    private static ImageClassificationTransformer Classifier => ((TransformerChain<ImageClassificationTransformer>)Trained.Model).LastTransformer;

    private DataSetTestFiles _files = null!;

    [TestInitialize]
    public void CreateFolder() => _files = new DataSetTestFiles();

    [TestCleanup]
    public void DeleteFolder() => _files.Dispose();

    /// <summary>The repository folder (not created yet) in this test's temporary folder.</summary>
    private string NewRepository() => Path.Combine(_files.Root, "repo");

    [TestMethod]
    public void ExportToTriton_ModelZip_WritesTheScoringGraphConfigLabelsAndReadmeNamedAfterTheFolder()
    {
        string repository = NewRepository();

        var written = Trained.Context.Model.ExportToTriton(Trained.ZipPath, repository);

        string expectedName = Path.GetFileName(Path.GetDirectoryName(Trained.ZipPath))!; // the file is model.zip
        Assert.AreEqual(expectedName, written.ModelName);
        Assert.AreEqual(Path.Combine(repository, expectedName), written.ModelFolder);
        CollectionAssert.AreEqual(Classifier.OnnxModel.ToArray(), File.ReadAllBytes(Path.Combine(written.ModelFolder, "1", "model.onnx")));
        CollectionAssert.AreEquivalent(new[] { "config.pbtxt", "labels.txt", "README.md" },
            Directory.GetFiles(written.ModelFolder).Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEqual(new[] { written.ModelName }, Directory.GetDirectories(repository).Select(Path.GetFileName).ToArray(), "no staging folder is left");
        string readme = File.ReadAllText(written.ReadmeFile);
        StringAssert.Contains(readme, "32 × 32");
        StringAssert.Contains(readme, "red, green, blue");
        StringAssert.Contains(readme, $"/v2/models/{written.ModelName}/infer");
        StringAssert.Contains(readme, "Triton itself was not run");
    }

    [TestMethod]
    public void Config_CheckedAsTritonsOnnxRuntimeBackendLoadsIt_MatchesTheOnnxGraph()
    {
        var written = Trained.Context.Model.ExportToTriton(Trained.ZipPath, NewRepository());

        var config = PbtxtMessage.Parse(File.ReadAllText(written.ConfigFile));
        using var session = new InferenceSession(written.OnnxFile);

        Assert.AreEqual(written.ModelName, config.Scalar("name"));
        Assert.AreEqual("onnxruntime", config.Scalar("backend"));
        int maxBatchSize = int.Parse(config.Scalar("max_batch_size"));
        Assert.AreEqual(64, maxBatchSize);
        Assert.HasCount(session.InputMetadata.Count, config.Messages("input"), "the backend wants every model input configured");
        AssertTensors(config.Messages("input"), session.InputMetadata);
        AssertTensors(config.Messages("output"), session.OutputMetadata);
        Assert.IsTrue(config.Has("dynamic_batching"));
        Assert.AreEqual("KIND_GPU", config.Messages("instance_group").Single().Scalar("kind"));

        var score = config.Messages("output").Single(o => o.Has("label_filename"));
        Assert.AreEqual("Score", score.Scalar("name"));
        string[] labels = File.ReadAllLines(Path.Combine(written.ModelFolder, score.Scalar("label_filename")));
        Assert.HasCount(session.OutputMetadata["Score"].Dimensions[^1], labels, "one label per score");
        CollectionAssert.AreEqual(Classifier.ClassNames.ToArray(), labels);
    }

    /// <summary>Each configured tensor exists in the model, with the mapped type and the model's shape without its dynamic batch dimension.</summary>
    private static void AssertTensors(IReadOnlyList<PbtxtMessage> configured, IReadOnlyDictionary<string, NodeMetadata> model)
    {
        Assert.IsNotEmpty(configured);
        foreach (var tensor in configured)
        {
            string name = tensor.Scalar("name");
            Assert.IsTrue(model.TryGetValue(name, out var metadata), $"'{name}' is not in the ONNX graph ({string.Join(", ", model.Keys)})");
            Assert.AreEqual(TritonTypes[metadata.ElementDataType], tensor.Scalar("data_type"), name);
            Assert.AreEqual(-1, metadata.Dimensions[0], $"{name}: the batch dimension is dynamic");
            CollectionAssert.AreEqual(metadata.Dimensions[1..], tensor.Scalars("dims").Select(int.Parse).ToArray(), name);
        }
    }

    [TestMethod]
    public void ExportedOnnx_OneRealImage_SameTopClassAndScoresAsTheMlNetModel()
    {
        var written = Trained.Context.Model.ExportToTriton(Trained.ZipPath, NewRepository());
        var image = TrainedImageModel.TestImages(perClass: 1)[3];
        var scored = Trained.Model.Transform(Trained.Context.Data.LoadFromEnumerable(new[] { image }));
        float[] tensor = scored.GetColumn<float[]>("Features").Single();
        float[] expected = scored.GetColumn<float[]>("Score").Single();
        uint predictedKey = scored.GetColumn<uint>("PredictedLabel").Single();

        using var session = new InferenceSession(written.OnnxFile);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", new DenseTensor<float>(tensor, [1, 3, 32, 32]))], ["Score"]);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();

        Assert.HasCount(expected.Length, actual);
        for (int k = 0; k < expected.Length; k++)
            Assert.AreEqual(expected[k], actual[k], 1e-5f, $"score {k}");
        int top = Array.IndexOf(actual, actual.Max());
        Assert.AreEqual((int)predictedKey - 1, top, "same top class");
        Assert.AreEqual(Classifier.ClassNames[top], File.ReadAllLines(written.LabelsFile)[top]);
    }

    [TestMethod]
    public void ExportToTriton_Options_NameBatchDelayAndCpuInConfig()
    {
        var options = new TritonExportOptions { Name = "cifar_net-1", MaxBatchSize = 8, MaxQueueDelayMicroseconds = 250, InstanceKind = TritonInstanceKind.Cpu };

        var written = Trained.Context.Model.ExportToTriton(Trained.Model, NewRepository(), options);

        var config = PbtxtMessage.Parse(File.ReadAllText(written.ConfigFile));
        Assert.AreEqual("cifar_net-1", config.Scalar("name"));
        Assert.AreEqual("8", config.Scalar("max_batch_size"));
        Assert.AreEqual("250", config.Messages("dynamic_batching").Single().Scalar("max_queue_delay_microseconds"));
        Assert.AreEqual("KIND_CPU", config.Messages("instance_group").Single().Scalar("kind"));
        Assert.AreEqual("1", config.Messages("instance_group").Single().Scalar("count"));
    }

    [TestMethod]
    public void ExportToTriton_ExistingFolder_RefusedWithoutOverwriteAndSwappedWholeWithIt()
    {
        string repository = NewRepository();
        var first = Trained.Context.Model.ExportToTriton(Trained.Model, repository, new TritonExportOptions { Name = "m" });
        File.WriteAllText(Path.Combine(first.ModelFolder, "stale.txt"), "from before");

        var error = Assert.ThrowsExactly<IOException>(() =>
            Trained.Context.Model.ExportToTriton(Trained.Model, repository, new TritonExportOptions { Name = "m", MaxBatchSize = 4 }));
        StringAssert.Contains(error.Message, "already exists");
        StringAssert.Contains(File.ReadAllText(first.ConfigFile), "max_batch_size: 64");

        var second = Trained.Context.Model.ExportToTriton(Trained.Model, repository, new TritonExportOptions { Name = "m", MaxBatchSize = 4, Overwrite = true });

        StringAssert.Contains(File.ReadAllText(second.ConfigFile), "max_batch_size: 4");
        Assert.IsFalse(File.Exists(Path.Combine(second.ModelFolder, "stale.txt")), "the old folder is replaced, not merged");
        CollectionAssert.AreEqual(new[] { "m" }, Directory.GetDirectories(repository).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void ExportToTriton_MissingFile_NamesIt()
    {
        string missing = Path.Combine(_files.Root, "none.zip");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Model.ExportToTriton(missing, NewRepository()));

        StringAssert.Contains(error.Message, missing);
    }

    [TestMethod]
    public void ExportToTriton_FileThatIsNoModel_NamesIt()
    {
        string folder = _files.Root;
        string path = Path.Combine(folder, "model.zip");
        File.WriteAllText(path, "not a zip");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.ExportToTriton(path, Path.Combine(folder, "repo")));

        StringAssert.Contains(error.Message, $"'{path}' is not a model saved by ML.NET");
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "repo")));
    }

    [TestMethod]
    public void ExportToTriton_MlNetModelWithoutClassifier_SaysWhatItHolds()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new ImageFile { ImagePath = "a.png", Label = "cat" } });
        string folder = _files.Root;
        string path = Path.Combine(folder, "keys.zip");
        ml.Model.Save(ml.Transforms.Conversion.MapValueToKey("Label").Fit(data), data.Schema, path);

        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Model.ExportToTriton(path, Path.Combine(folder, "repo")));

        Assert.AreEqual("modelPath", error.ParamName);
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "holds no MlNetCnn image classifier");
    }

    [TestMethod]
    [DataRow("a/b")]
    [DataRow("..")]
    [DataRow("")]
    [DataRow("model name")]
    public void ExportToTriton_BadName_NamesTheOption(string name)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            Trained.Context.Model.ExportToTriton(Trained.Model, NewRepository(), new TritonExportOptions { Name = name }));

        Assert.AreEqual(nameof(TritonExportOptions.Name), error.ParamName);
        StringAssert.Contains(error.Message, $"got '{name}'");
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Transforms;

[TestClass]
public sealed class ImageTensorSaveLoadTests
{
    private TestImages _images = null!;

    [TestInitialize]
    public void Initialize() => _images = new TestImages();

    [TestCleanup]
    public void Cleanup() => _images.Dispose();

    [TestMethod]
    public void SaveLoad_PathInput_NewContextPredictsIdenticalFloatsAndSameColumnType()
    {
        // The folder travels in the saved settings text: give it characters that need escaping there.
        string folder = Path.Combine(_images.Folder, "odd name; a=b %20");
        Directory.CreateDirectory(folder);
        string[] names = ["same-size.png", "larger.jpg"];
        _images.Save(32, 32, TestImages.Pattern, Path.Combine(folder, names[0]));
        _images.Save(50, 40, TestImages.Pattern, Path.Combine(folder, names[1]));
        var rows = names.Select(name => new PathRow { ImagePath = name }).ToArray();

        AssertRoundTrip(rows, nameof(PathRow.ImagePath),
            new ImageTensorOptions { ImageWidth = 32, ImageHeight = 32, ResizeMode = ImageResizeMode.CenterCrop, ImageFolder = folder });
    }

    [TestMethod]
    public void SaveLoad_BytesInput_NewContextPredictsIdenticalFloatsAndSameColumnType()
    {
        var rows = new[] { (12, 12), (20, 9) }.Select(size =>
        {
            using var image = TestImages.Create(size.Item1, size.Item2, TestImages.Pattern);
            return new BytesRow { ImageBytes = TestImages.Encode(image, ".png") };
        }).ToArray();

        AssertRoundTrip(rows, nameof(BytesRow.ImageBytes),
            new ImageTensorOptions { ImageWidth = 12, ImageHeight = 10, ColorMode = ImageColorMode.Grayscale });
    }

    private static void AssertRoundTrip<TRow>(TRow[] rows, string inputColumn, ImageTensorOptions options) where TRow : class
    {
        options.InputColumnName = inputColumn;
        options.OutputColumnName = "Features";
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var fitted = ml.Transforms.LoadImagesAsTensors(options).Fit(data);
        var fittedType = fitted.GetOutputSchema(data.Schema)["Features"].Type;
        using var saved = new MemoryStream();
        ml.Model.Save(fitted, data.Schema, saved);
        saved.Position = 0;

        var loadContext = new MLContext(seed: 2);
        var loaded = loadContext.Model.Load(saved, out var loadedInputSchema);

        Assert.IsInstanceOfType<TransformerChain<ITransformer>>(loaded, "the saved form is a chain of built-ins");
        Assert.AreEqual(fittedType, loaded.GetOutputSchema(loadedInputSchema)["Features"].Type);
        Assert.IsTrue(fittedType is VectorDataViewType { IsKnownSize: true }, $"known-size vector, got {fittedType}");
        var before = ml.Model.CreatePredictionEngine<TRow, TensorRow>(fitted);
        var after = loadContext.Model.CreatePredictionEngine<TRow, TensorRow>(loaded);
        foreach (var row in rows)
            CollectionAssert.AreEqual(before.Predict(row).Features, after.Predict(row).Features);
    }
}

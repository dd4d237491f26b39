using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Transforms;

[TestClass]
public sealed class ImageTensorEstimatorTests
{
    private TestImages _images = null!;

    [TestInitialize]
    public void Initialize() => _images = new TestImages();

    [TestCleanup]
    public void Cleanup() => _images.Dispose();

    [TestMethod]
    public void Fit_PathColumn_OutputsKnownSizeChwVectorWithImageDimensions()
    {
        var ml = new MLContext(seed: 1);
        string path = _images.Save(32, 32, TestImages.Pattern, "a.png");
        var data = ml.Data.LoadFromEnumerable([new PathRow { ImagePath = path }]);

        var transformer = ml.Transforms.LoadImagesAsTensors("Features", nameof(PathRow.ImagePath), 32, 32).Fit(data);
        var output = transformer.Transform(data);

        var type = (VectorDataViewType)output.Schema["Features"].Type;
        Assert.AreEqual(NumberDataViewType.Single, type.ItemType);
        CollectionAssert.AreEqual(new[] { 3, 32, 32 }, type.Dimensions.ToArray());
        Assert.IsNull(output.Schema.GetColumnOrNull("MlNetCnn.DecodedPixels"), "internal columns are dropped");
        float[] features = output.GetColumn<float[]>("Features").Single();
        CollectionAssert.AreEqual(ImageDecoding.DecodeFileToChw(path, new ImageTensorSettings(32, 32)), features);
        Assert.AreEqual((32, 32, 3), (transformer.ImageWidth, transformer.ImageHeight, transformer.Channels));
    }

    [TestMethod]
    public void Fit_BytesColumn_DecodesEveryRowLikeImageDecoding()
    {
        var ml = new MLContext(seed: 1);
        var settings = new ImageTensorSettings(8, 6, ImageColorMode.Grayscale, ImageResizeMode.CenterCrop);
        byte[][] encoded = [.. Enumerable.Range(0, 3).Select(i =>
        {
            using var image = TestImages.Create(10 + i, 10, (x, y) => TestImages.Pattern(x + i, y));
            return TestImages.Encode(image, ".png");
        })];
        var data = ml.Data.LoadFromEnumerable(encoded.Select(b => new BytesRow { ImageBytes = b }));

        var output = ml.Transforms.LoadImagesAsTensors("Features", nameof(BytesRow.ImageBytes), 8, 6,
            ImageColorMode.Grayscale, ImageResizeMode.CenterCrop).Fit(data).Transform(data);

        var rows = output.GetColumn<float[]>("Features").ToArray();
        CollectionAssert.AreEqual(new[] { 1, 6, 8 }, ((VectorDataViewType)output.Schema["Features"].Type).Dimensions.ToArray());
        for (int i = 0; i < encoded.Length; i++)
            CollectionAssert.AreEqual(ImageDecoding.DecodeToChw(encoded[i], settings), rows[i], $"row {i}");
    }

    [TestMethod]
    public void Fit_RelativePathsAndImageFolder_ResolvesAgainstTheFolder()
    {
        var ml = new MLContext(seed: 1);
        _images.Save(4, 4, TestImages.Pattern, "rel.bmp");
        var data = ml.Data.LoadFromEnumerable([new PathRow { ImagePath = "rel.bmp" }]);

        var output = ml.Transforms.LoadImagesAsTensors("Features", nameof(PathRow.ImagePath), 4, 4, imageFolder: _images.Folder)
            .Fit(data).Transform(data);

        Assert.AreEqual(TestImages.Pattern(1, 2).G / 255f, output.GetColumn<float[]>("Features").Single()[16 + 2 * 4 + 1]);
    }

    [TestMethod]
    public void GetOutputSchema_PathColumn_ReportsKnownSizeSingleVector()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new PathRow[0]);

        var shape = ml.Transforms.LoadImagesAsTensors("Features", nameof(PathRow.ImagePath), 28, 28, ImageColorMode.Grayscale)
            .GetOutputSchema(ShapeOf(data.Schema));

        var column = shape.Single(c => c.Name == "Features");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, column.Kind);
        Assert.AreEqual(NumberDataViewType.Single, column.ItemType);
        Assert.IsFalse(shape.Any(c => c.Name.StartsWith("MlNetCnn.", StringComparison.Ordinal)), "no internal columns");
    }

    [TestMethod]
    public void GetOutputSchema_WrongColumnType_SaysWhatWasExpected()
    {
        var ml = new MLContext(seed: 1);
        var schema = ShapeOf(ml.Data.LoadFromEnumerable(new NumberRow[0]).Schema);
        var estimator = ml.Transforms.LoadImagesAsTensors("Features", nameof(NumberRow.ImagePath), 8, 8);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(schema));

        StringAssert.Contains(error.Message,
            "Schema mismatch for image column 'ImagePath': expected Text (a file path) or Vector<Byte> (encoded image bytes), got Single");
    }

    [TestMethod]
    public void Fit_MissingColumn_SaysColumnNotFound()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new PathRow[0]);

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => ml.Transforms.LoadImagesAsTensors("Features", "Picture", 8, 8).Fit(data));

        StringAssert.Contains(error.Message, "Schema mismatch for image column 'Picture'");
        StringAssert.Contains(error.Message, "not found");
    }

    [TestMethod]
    [DataRow(nameof(ImageTensorOptions.ImageWidth), 0, 8, 0, "0")]
    [DataRow(nameof(ImageTensorOptions.ImageHeight), 8, -3, 0, "-3")]
    [DataRow(nameof(ImageTensorOptions.ColorMode), 8, 8, 7, "7")]
    public void LoadImagesAsTensors_BadOption_NamesOptionAndValue(string option, int width, int height, int colorMode, string shown)
    {
        var options = new ImageTensorOptions { ImageWidth = width, ImageHeight = height, ColorMode = (ImageColorMode)colorMode };

        var error = Assert.ThrowsExactly<ArgumentException>(() => new MLContext().Transforms.LoadImagesAsTensors(options));

        Assert.AreEqual(option, error.ParamName);
        StringAssert.Contains(error.Message, $"got {shown}");
    }

    [TestMethod]
    public void LoadImagesAsTensors_EmptyColumnName_NamesTheOption()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => new MLContext().Transforms.LoadImagesAsTensors("Features", " ", 8, 8));

        Assert.AreEqual(nameof(ImageTensorOptions.InputColumnName), error.ParamName);
    }

    [TestMethod]
    public void Transform_MissingFile_ThrowsImageLoadExceptionNamingTheFile()
    {
        var ml = new MLContext(seed: 1);
        string path = Path.Combine(_images.Folder, "gone.png");
        var data = ml.Data.LoadFromEnumerable([new PathRow { ImagePath = path }]);
        var output = ml.Transforms.LoadImagesAsTensors("Features", nameof(PathRow.ImagePath), 8, 8).Fit(data).Transform(data);

        var error = ImageLoadErrorOf(() => output.GetColumn<float[]>("Features").ToArray());

        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "does not exist");
    }

    [TestMethod]
    public void Transform_CorruptBytes_ThrowsImageLoadExceptionWithByteCount()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new BytesRow { ImageBytes = [0x89, 0x50, 0x4E, 0x47, 0, 0, 0] }]);
        var output = ml.Transforms.LoadImagesAsTensors("Features", nameof(BytesRow.ImageBytes), 8, 8).Fit(data).Transform(data);

        var error = ImageLoadErrorOf(() => output.GetColumn<float[]>("Features").ToArray());

        StringAssert.Contains(error.Message, "encoded image bytes (7 bytes)");
    }

    /// <summary>The <see cref="ImageLoadException"/> thrown by <paramref name="action"/>, possibly wrapped by ML.NET's cursors.</summary>
    internal static ImageLoadException ImageLoadErrorOf(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
                if (inner is ImageLoadException imageError)
                    return imageError;
            Assert.Fail($"Expected an ImageLoadException, got {e}");
        }
        Assert.Fail("Expected an ImageLoadException, nothing was thrown.");
        return null!;
    }

    /// <summary><c>SchemaShape.Create</c> is internal to ML.NET; estimators' callers get shapes from it.</summary>
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!
            .Invoke(null, [schema])!;
}

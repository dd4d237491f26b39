using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Tests.Transforms;
using MlNetCnn.Transforms;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Tests.Pipelines.DataSets;

/// <summary>An image folder of every format, size and colour mode, through <c>LoadImagesAsTensors</c>, as the trainer reads it.</summary>
[TestClass]
public sealed class ImageFolderFormatsTests
{
    [TestMethod]
    public void Load_MixedFormatsSizesAndNestedFolders_GivesOneTensorShapeWithTheirColours()
    {
        using var files = new DataSetTestFiles();
        string[] extensions = [".png", ".jpg", ".bmp", ".gif", ".webp", ".tif", ".tga", ".ppm"];
        var red = new Rgb24(220, 20, 20);
        var blue = new Rgb24(20, 20, 220);
        for (int i = 0; i < extensions.Length; i++)
        {
            // Sizes from 5×3 to 47×61: every image becomes 16×16.
            using var reddish = new Image<Rgb24>(5 + 6 * i, 3 + 8 * i, red);
            using var bluish = new Image<Rgb24>(3 + 8 * i, 5 + 6 * i, blue);
            files.Write($"red/{(i % 2 == 0 ? "" : "deeper/")}r{i}{extensions[i]}", TestImages.Encode(reddish, extensions[i]));
            files.Write($"blue/b{i}{extensions[i].ToUpperInvariant()}", TestImages.Encode(bluish, extensions[i]));
        }
        var ml = new MLContext(1);

        ImageDataSet data = ImageFolderDataSet.Load(ml, files.Root);
        var tensors = ml.Transforms.LoadImagesAsTensors("Features", ImageRow.ImageColumnName, 16, 16).Fit(data.Data).Transform(data.Data);
        var rows = ml.Data.CreateEnumerable<Row>(tensors, reuseRowObject: false).ToList();

        Assert.AreEqual(2 * extensions.Length, data.Count);
        Assert.HasCount(2 * extensions.Length, rows);
        foreach (Row row in rows)
        {
            Assert.HasCount(3 * 16 * 16, row.Features);
            var expected = row.Label == "red" ? red : blue;
            // Centre pixel, per channel; JPEG may move a flat colour by a few levels.
            for (int c = 0; c < 3; c++)
                Assert.AreEqual(new[] { expected.R, expected.G, expected.B }[c], row.Features[c * 256 + 8 * 16 + 8] * 255, 4, $"{row.Label} channel {c}");
        }
    }

    private sealed class Row
    {
        public string Label { get; set; } = "";

        [VectorType(3, 16, 16)]
        public float[] Features { get; set; } = [];
    }
}

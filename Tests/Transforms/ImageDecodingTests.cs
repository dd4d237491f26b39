using Microsoft.VisualStudio.TestTools.UnitTesting;
using MlNetCnn.Transforms;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Tests.Transforms;

[TestClass]
public sealed class ImageDecodingTests
{
    private static readonly Rgb24 Red = new(255, 0, 0), Green = new(0, 255, 0), Blue = new(0, 0, 255), Black = new(0, 0, 0);

    private TestImages _images = null!;

    [TestInitialize]
    public void Initialize() => _images = new TestImages();

    [TestCleanup]
    public void Cleanup() => _images.Dispose();

    [TestMethod]
    [DataRow("pattern.png")]
    [DataRow("pattern.bmp")]
    public void DecodeFileToChw_LosslessImageOfTargetSize_PassesPixelsThroughInChwOrder(string fileName)
    {
        string path = _images.Save(32, 32, TestImages.Pattern, fileName);
        var settings = new ImageTensorSettings(32, 32);

        float[] chw = ImageDecoding.DecodeFileToChw(path, settings);

        Assert.HasCount(3 * 32 * 32, chw);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                var expected = TestImages.Pattern(x, y);
                Assert.AreEqual(expected.R / 255f, TestImages.At(chw, settings, 0, x, y));
                Assert.AreEqual(expected.G / 255f, TestImages.At(chw, settings, 1, x, y));
                Assert.AreEqual(expected.B / 255f, TestImages.At(chw, settings, 2, x, y));
            }
    }

    [TestMethod]
    public void DecodeToChw_Jpeg_IsCloseToTheEncodedPixels()
    {
        using var image = TestImages.Create(16, 16, (x, _) => x < 8 ? new Rgb24(200, 40, 40) : new Rgb24(40, 40, 200));
        var settings = new ImageTensorSettings(16, 16);

        float[] chw = ImageDecoding.DecodeToChw(TestImages.Encode(image, ".jpg"), settings);

        Assert.AreEqual(200 / 255f, TestImages.At(chw, settings, 0, 2, 5), 0.05f);
        Assert.AreEqual(200 / 255f, TestImages.At(chw, settings, 2, 13, 5), 0.05f);
        Assert.IsTrue(chw.All(v => v is >= 0f and <= 1f), "all values lie in [0, 1]");
    }

    [TestMethod]
    public void DecodeToChw_Grayscale_UsesPilLuminanceAndKeepsGreyExact()
    {
        using var image = TestImages.Create(3, 1, (x, _) => x switch { 0 => Red, 1 => new Rgb24(77, 77, 77), _ => Blue });
        var settings = new ImageTensorSettings(3, 1, ImageColorMode.Grayscale);

        float[] chw = ImageDecoding.DecodeToChw(TestImages.Encode(image, ".png"), settings);

        // PIL: L = (R·19595 + G·38470 + B·7471 + 0x8000) >> 16, so red → 76, blue → 29.
        CollectionAssert.AreEqual(new[] { 76 / 255f, 77 / 255f, 29 / 255f }, chw);
    }

    [TestMethod]
    public void DecodeToChw_StretchAndCenterCrop_ResizeDifferently()
    {
        // 60×20: a red, a green and a blue third. Centre crop to 20×20 keeps the green third;
        // stretch keeps all three, squeezed.
        using var image = TestImages.Create(60, 20, (x, _) => x < 20 ? Red : x < 40 ? Green : Blue);
        byte[] png = TestImages.Encode(image, ".png");
        var stretch = new ImageTensorSettings(20, 20, resizeMode: ImageResizeMode.Stretch);
        var crop = new ImageTensorSettings(20, 20, resizeMode: ImageResizeMode.CenterCrop);

        float[] stretched = ImageDecoding.DecodeToChw(png, stretch);
        float[] cropped = ImageDecoding.DecodeToChw(png, crop);

        Assert.HasCount(3 * 20 * 20, stretched);
        Assert.AreEqual(1f, TestImages.At(stretched, stretch, 0, 2, 10), 1e-3f, "left of the stretched image is red");
        Assert.AreEqual(1f, TestImages.At(stretched, stretch, 1, 10, 10), 1e-3f, "middle of the stretched image is green");
        Assert.AreEqual(1f, TestImages.At(stretched, stretch, 2, 17, 10), 1e-3f, "right of the stretched image is blue");
        for (int x = 1; x < 19; x++)
        {
            Assert.AreEqual(0f, TestImages.At(cropped, crop, 0, x, 10), 1e-3f, $"no red in the crop at x={x}");
            Assert.AreEqual(1f, TestImages.At(cropped, crop, 1, x, 10), 1e-3f, $"green in the crop at x={x}");
        }
    }

    [TestMethod]
    public void DecodeToChw_CenterCropOfLargerImage_ScalesShorterSideThenCrops()
    {
        // 80×40, left half red, right half blue: scaled to 40×20, the centre 20×20 is half red, half blue.
        using var image = TestImages.Create(80, 40, (x, _) => x < 40 ? Red : Blue);
        var settings = new ImageTensorSettings(20, 20, resizeMode: ImageResizeMode.CenterCrop);

        float[] chw = ImageDecoding.DecodeToChw(TestImages.Encode(image, ".png"), settings);

        Assert.AreEqual(1f, TestImages.At(chw, settings, 0, 3, 10), 1e-3f);
        Assert.AreEqual(1f, TestImages.At(chw, settings, 2, 16, 10), 1e-3f);
    }

    [TestMethod]
    public void DecodeToChw_ExifOrientation_IsApplied()
    {
        // Stored as 4×2 with a red top-left pixel; orientation 6 means "rotate 90° clockwise to view",
        // which makes a 2×4 image with the red pixel at the top right.
        using var image = TestImages.Create(4, 2, (x, y) => x == 0 && y == 0 ? Red : Black);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        byte[] png = TestImages.Encode(image, ".png");
        var settings = new ImageTensorSettings(2, 4);

        float[] chw = ImageDecoding.DecodeToChw(png, settings);

        Assert.AreEqual(1f, TestImages.At(chw, settings, 0, 1, 0), "red pixel at the top right after orientation");
        Assert.AreEqual(1f, chw[..8].Sum(), "exactly one red pixel, not resampled");
    }

    [TestMethod]
    public void DecodeFileToChw_RelativePathAndImageFolder_ResolvesAgainstTheFolder()
    {
        _images.Save(8, 8, TestImages.Pattern, "relative.png");

        float[] chw = ImageDecoding.DecodeFileToChw("relative.png", new ImageTensorSettings(8, 8), _images.Folder);

        Assert.AreEqual(TestImages.Pattern(5, 3).R / 255f, chw[3 * 8 + 5]);
    }

    [TestMethod]
    public void DecodeFileToChw_MissingFile_NamesTheFile()
    {
        string path = Path.Combine(_images.Folder, "absent.png");

        var error = Assert.ThrowsExactly<ImageLoadException>(() => ImageDecoding.DecodeFileToChw(path, new ImageTensorSettings(8, 8)));

        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "does not exist");
        Assert.AreEqual(path, error.ImagePath);
    }

    [TestMethod]
    public void DecodeFileToChw_CorruptFile_NamesTheFileAndWhatWasExpected()
    {
        string path = Path.Combine(_images.Folder, "corrupt.png");
        File.WriteAllText(path, "this is not an image");

        var error = Assert.ThrowsExactly<ImageLoadException>(() => ImageDecoding.DecodeFileToChw(path, new ImageTensorSettings(8, 8)));

        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "expected an encoded image");
    }

    [TestMethod]
    public void DecodeToChw_CorruptBytes_SaysHowManyBytes()
    {
        var error = Assert.ThrowsExactly<ImageLoadException>(
            () => ImageDecoding.DecodeToChw(new byte[] { 1, 2, 3, 4, 5 }, new ImageTensorSettings(8, 8)));

        StringAssert.Contains(error.Message, "encoded image bytes (5 bytes)");
        Assert.IsNull(error.ImagePath);
    }

    [TestMethod]
    public void DecodeToChw_DestinationOfWrongLength_Throws()
    {
        using var image = TestImages.Create(4, 4, TestImages.Pattern);

        var error = Assert.ThrowsExactly<ArgumentException>(
            () => ImageDecoding.DecodeToChw(TestImages.Encode(image, ".png"), new ImageTensorSettings(4, 4), new float[10]));

        StringAssert.Contains(error.Message, "48");
    }
}

using MlNetCnn.Transforms;

namespace MlNetCnn.Tests.Transforms;

/// <summary>A real CMYK JPEG (written by PIL: Fixtures/make_cmyk_jpeg.py; ImageSharp 2.1.13 cannot encode CMYK).</summary>
[TestClass]
public sealed class CmykJpegTests
{
    [TestMethod]
    public void DecodeToChw_CmykJpeg_GivesRgbColours()
    {
        byte[] jpeg = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Transforms", "Fixtures", "cmyk.jpg"));
        float[] chw = ImageDecoding.DecodeToChw(jpeg, new ImageTensorSettings(8, 4));
        Assert.HasCount(3 * 4 * 8, chw);
        float Pixel(int channel, int x, int y) => chw[channel * 32 + y * 8 + x] * 255f;
        // Left half red (220, 20, 20), right half blue (20, 20, 220), up to JPEG error.
        Assert.AreEqual(220, Pixel(0, 1, 1), 25);
        Assert.AreEqual(20, Pixel(1, 1, 1), 25);
        Assert.AreEqual(20, Pixel(2, 1, 1), 25);
        Assert.AreEqual(20, Pixel(0, 6, 2), 25);
        Assert.AreEqual(220, Pixel(2, 6, 2), 25);
    }
}

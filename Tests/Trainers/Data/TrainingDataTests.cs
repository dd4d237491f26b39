using MlNetCnn.Trainers.Data;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Data;

[TestClass]
public sealed class TrainingDataTests
{
    [TestMethod]
    public void ChannelStatistics_Bytes_EqualTheStatisticsOfTheSameImagesAsFloats()
    {
        manual_seed(4);
        using var bytes = randint(0, 256, new long[] { 37, 3, 5, 6 }, ScalarType.Byte);
        using var labels = zeros(37, ScalarType.Int64);
        using var asBytes = new TrainingData(bytes, labels, isBytes: true, 0);
        using var asFloats = new TrainingData(bytes.to_type(ScalarType.Float32).div(255f), labels.clone(), isBytes: false, 0);
        float[] values = bytes.data<byte>().ToArray().Select(b => b / 255f).ToArray();

        var (mean, std) = asBytes.ChannelStatistics();
        var (floatMean, floatStd) = asFloats.ChannelStatistics();

        for (int c = 0; c < 3; c++)
        {
            // Channel c of image i: values [i·90 + c·30, i·90 + c·30 + 30).
            double[] channel = Enumerable.Range(0, 37).SelectMany(i => values.Skip(i * 90 + c * 30).Take(30)).Select(v => (double)v).ToArray();
            double expectedMean = channel.Average();
            double expectedStd = Math.Sqrt(channel.Select(v => (v - expectedMean) * (v - expectedMean)).Average());
            Assert.AreEqual(expectedMean, mean[c], 1e-6);
            Assert.AreEqual(expectedStd, std[c], 1e-6);
            Assert.AreEqual(floatMean[c], mean[c], 1e-6);
            Assert.AreEqual(floatStd[c], std[c], 1e-6);
        }
    }

    [TestMethod]
    public void Split_HoldsOutTheFractionOfEveryClassInOrderAndIsSeeded()
    {
        // 40 rows of class 0, 20 of class 1, 10 of class 2; each image's first byte is its row number.
        long[] classes = Enumerable.Range(0, 70).Select(i => i < 40 ? 0L : i < 60 ? 1L : 2L).ToArray();
        using var images = arange(70, dtype: ScalarType.Byte).view(70, 1, 1, 1).expand(70, 1, 2, 2).contiguous();
        using var data = new TrainingData(images, tensor(classes), isBytes: true, 0);

        var (train, validation) = data.Split(0.2, seed: 5);
        var (_, again) = data.Split(0.2, seed: 5);
        var (_, otherSeed) = data.Split(0.2, seed: 6);

        long[] held = validation.Labels.data<long>().ToArray();
        Assert.AreEqual(8, held.Count(c => c == 0));
        Assert.AreEqual(4, held.Count(c => c == 1));
        Assert.AreEqual(2, held.Count(c => c == 2));
        Assert.AreEqual(56, train.Count);
        byte[] heldRows = validation.Images.select(3, 0).select(2, 0).select(1, 0).data<byte>().ToArray();
        byte[] trainRows = train.Images.select(3, 0).select(2, 0).select(1, 0).data<byte>().ToArray();
        CollectionAssert.AreEqual(heldRows.Order().ToArray(), heldRows, "rows keep their order");
        Assert.HasCount(0, heldRows.Intersect(trainRows), "no row is in both parts");
        CollectionAssert.AreEqual(held, again.Labels.data<long>().ToArray());
        CollectionAssert.AreEqual(heldRows, again.Images.select(3, 0).select(2, 0).select(1, 0).data<byte>().ToArray());
        CollectionAssert.AreNotEqual(heldRows, otherSeed.Images.select(3, 0).select(2, 0).select(1, 0).data<byte>().ToArray());
    }

    [TestMethod]
    public void Split_TooFewRowsForTheFraction_NamesTheOption()
    {
        using var data = new TrainingData(zeros(new long[] { 4, 1, 2, 2 }, ScalarType.Byte), tensor(new long[] { 0, 0, 1, 1 }), true, 0);

        var error = Assert.ThrowsExactly<ArgumentException>(() => data.Split(0.1, 1));

        StringAssert.Contains(error.Message, "ValidationFraction 0.1 of 4 rows leaves 0 validation");
    }
}

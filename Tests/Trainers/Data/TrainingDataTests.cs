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
}

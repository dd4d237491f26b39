using MlNetCnn.Models.Native;
using MlNetCnn.Trainers.Training;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers.Training;

/// <summary>The training batch: normalised from bytes, in the layout the run chose.</summary>
[TestClass]
public sealed class BatchFeedTests
{
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Take_GivesNormalisedImagesInTheChosenLayout(bool channelsLast)
    {
        using var scope = NewDisposeScope();
        var images = arange(3 * 2 * 2 * 2, dtype: ScalarType.Int64).to_type(ScalarType.Byte).reshape(3, 2, 2, 2);
        var labels = tensor(new long[] { 0, 1, 0 });
        using var feed = new BatchFeed(images, labels, isBytes: true, new[] { 0.5f, 0.25f }, new[] { 0.5f, 2f }, BatchAugmentation.None, CPU, channelsLast);

        var (x, y) = feed.Take(tensor(new long[] { 2, 0 }));

        Assert.AreEqual(channelsLast, MemoryLayout.IsChannelsLast(x));
        var expected = images.index_select(0, tensor(new long[] { 2, 0 })).to_type(ScalarType.Float32).div(255)
            .sub(tensor(new[] { 0.5f, 0.25f }).reshape(1, 2, 1, 1)).div(tensor(new[] { 0.5f, 2f }).reshape(1, 2, 1, 1));
        Assert.IsTrue(x.allclose(expected, rtol: 1e-5, atol: 1e-6));
        CollectionAssert.AreEqual(new long[] { 0, 0 }, y.data<long>().ToArray());
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Tests.Support;
using MlNetCnn.Trainers;

namespace MlNetCnn.Tests.Trainers.Scoring;

/// <summary><c>Score</c> carries the class names as slot names, as ML.NET's multiclass trainers' <c>Score</c> does — also after Save/Load.</summary>
[TestClass]
public sealed class ScoreSlotNamesTests
{
    [TestMethod]
    public void Fit_TensorRows_ScoreSlotNamesAreTheLabelsKeyValues()
    {
        var ml = new MLContext(seed: 1);
        var data = TensorRow.Load(ml, 12, ["red", "green", "blue"], 3);

        var scored = Fit(ml, data).Transform(data);

        CollectionAssert.AreEqual(new[] { "red", "green", "blue" }, SlotNames(scored.Schema["Score"]));
        CollectionAssert.AreEqual(KeyValues(scored.Schema["PredictedLabel"]), SlotNames(scored.Schema["Score"]));
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), scored.Schema["Score"].Type);
    }

    [TestMethod]
    public void SaveLoad_ImageModelInFreshContext_SlotNamesSurviveAndScoresUnchanged()
    {
        var trained = TrainedImageModel.Instance;
        var images = trained.Context.Data.LoadFromEnumerable(TrainedImageModel.TestImages(perClass: 1));
        var expected = trained.Model.Transform(images);

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(trained.ZipPath, out var inputSchema);
        var actual = loaded.Transform(fresh.Data.LoadFromEnumerable(TrainedImageModel.TestImages(perClass: 1)));

        string[] classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
        CollectionAssert.AreEqual(classes, SlotNames(expected.Schema["Score"]));
        CollectionAssert.AreEqual(classes, SlotNames(actual.Schema["Score"]));
        CollectionAssert.AreEqual(classes, SlotNames(loaded.GetOutputSchema(inputSchema)["Score"]));
        var before = expected.GetColumn<float[]>("Score").ToList();
        var after = actual.GetColumn<float[]>("Score").ToList();
        for (int i = 0; i < before.Count; i++)
            CollectionAssert.AreEqual(before[i], after[i]);
    }

    [TestMethod]
    public void Fit_ClassNamedLikeAnInputColumn_ScoreWithoutSlotNamesAndTheColumnKept()
    {
        var ml = new MLContext(seed: 1);
        var data = TensorRow.Load(ml, 8, ["Features", "other"], 3);

        var scored = Fit(ml, data).Transform(data);

        Assert.IsNull(scored.Schema["Score"].Annotations.Schema.GetColumnOrNull("SlotNames"),
            "a class named after a column cannot name a slot: dropping the temporary column would drop the user's");
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3, 8, 8), scored.Schema["Features"].Type);
        Assert.HasCount(8, scored.GetColumn<float[]>("Score").ToList());
    }

    private static ITransformer Fit(MLContext ml, IDataView data) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new CnnTrainer(ml, new CnnTrainer.Options { Architecture = "resnet18_cifar", Epochs = 1, BatchSize = 4 }))
            .Fit(data);

    private static string[] SlotNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static string[] KeyValues(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }
}

using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Journal;

[TestClass]
public sealed class SweepSpecTests
{
    [TestMethod]
    public void Save_ThenLoad_GivesAnEqualSpec()
    {
        string folder = SweepSamples.TempFolder();
        Directory.CreateDirectory(folder);
        try
        {
            string path = new SweepFolder(folder).Spec;
            SweepSamples.Spec().Save(path);
            var loaded = SweepSpec.Load(path);
            Assert.IsEmpty(loaded.DifferencesFrom(SweepSamples.Spec()));
            StringAssert.Contains(File.ReadAllText(path), "\"metric\": \"accuracy\"");
            Assert.IsEmpty(Directory.GetFiles(folder, "*.tmp-*"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Load_NotASpec_FailsNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"seed\": 1}");
        try
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepSpec.Load(path));
            StringAssert.Contains(error.Message, $"Sweep spec '{path}' cannot be read");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void DifferencesFrom_ChangedFields_NamesEach()
    {
        var before = SweepSamples.Spec();
        var now = before with
        {
            Eta = 2,
            Data = before.Data with { ClassNames = ["daisy", "rose", "tulip"], Limit = 100 },
            SearchSpace = ["architecture in {lenet5, resnet9}", "LearningRate in [0.01, 0.1] log"],
        };
        CollectionAssert.AreEqual(new[]
        {
            "image limit: none before, 100 now",
            "class names: 'daisy, rose' before, 'daisy, rose, tulip' now",
            "eta: 3 before, 2 now",
            "search space: line 'LearningRate in [0.001, 0.1] log' was removed; line 'LearningRate in [0.01, 0.1] log' was added",
        }, now.DifferencesFrom(before).ToArray());
    }

    [TestMethod]
    public void DifferencesFrom_ReorderedSearchSpace_SaysSo()
    {
        var before = SweepSamples.Spec();
        var now = before with { SearchSpace = before.SearchSpace.Reverse().ToArray() };
        CollectionAssert.AreEqual(new[] { "search space: the same lines in another order" }, now.DifferencesFrom(before).ToArray());
    }

    [TestMethod]
    public void SweepFolder_Trial_IsUnderTrials()
    {
        var folder = new SweepFolder("sweeps/a");
        Assert.AreEqual(Path.Combine("sweeps/a", "trials", "12"), folder.Trial(12));
        Assert.AreEqual(Path.Combine("sweeps/a", "journal.jsonl"), folder.Journal);
    }
}

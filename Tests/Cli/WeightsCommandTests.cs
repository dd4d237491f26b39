using MlNetCnn.Cli;
using MlNetCnn.Models.Pretrained;

namespace MlNetCnn.Tests.Cli;

/// <summary><c>mlnetcnn weights</c>: every catalog entry, and whether it is available offline in the given cache.</summary>
[TestClass]
public sealed class WeightsCommandTests
{
    [TestMethod]
    public void Weights_ListsEveryEntryAndSeesAFileAlreadyInTheCache()
    {
        string cache = Path.Combine(Path.GetTempPath(), "mlnetcnn-weights-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(cache);
        var resnet18 = PretrainedCatalog.Get("resnet18", "imagenet");
        string before = Run(cache);
        File.WriteAllBytes(Path.Combine(cache, resnet18.FileName!), [0]);

        string after = Run(cache);

        foreach (var entry in PretrainedCatalog.All)
            StringAssert.Contains(before, entry.Architecture, $"{entry.Architecture} is listed");
        StringAssert.Matches(Line(before, "resnet18 "), new System.Text.RegularExpressions.Regex(@"\bno\b"));
        StringAssert.Matches(Line(after, "resnet18 "), new System.Text.RegularExpressions.Regex(@"\byes\b"));
        StringAssert.Contains(after, cache);
    }

    private static string Line(string output, string start) => output.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    private static string Run(string cache)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.AreEqual(CliApp.Success, CliApp.Run(["weights", "--cache", cache], output, error), error.ToString());
        return output.ToString();
    }
}

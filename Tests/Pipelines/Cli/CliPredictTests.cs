using System.Globalization;
using System.Text.Json;
using MlNetCnn.Cli;
using MlNetCnn.Tests.Pipelines.DataSets;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Pipelines.Cli;

/// <summary><c>predict</c> on folders, globs and files, to stdout, CSV and JSON Lines, with a bad image among good ones.</summary>
[TestClass]
public sealed class CliPredictTests
{
    private static string Model => TrainedImageModel.Instance.ZipPath;

    [TestMethod]
    public void Predict_Folder_OneLinePerImageInPathOrderAndASummary()
    {
        using var files = CopyImages(3);

        var (code, output, error) = CliRun.Run(["predict", "--model", Model, files.Root, "--batch-size", "2"]);

        Assert.AreEqual(CliApp.Success, code, error);
        string[] lines = Lines(output);
        string[] expected = Directory.GetFiles(files.Root, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, lines.Select(l => l.Split('\t')[0]).ToArray());
        StringAssert.Contains(error, "predicted 3 of 3 images in");
        StringAssert.Contains(error, "images/s), 0 failed [cpu");
    }

    [TestMethod]
    public void Predict_GlobWithBadImageToCsv_BadRowNamesTheFileOthersScoredExit1()
    {
        using var files = CopyImages(3);
        string bad = files.Write("images/zz-bad.png", "not an image"u8.ToArray());
        string csv = Path.Combine(files.Root, "out", "predictions.csv");

        var (code, output, error) = CliRun.Run(["predict", "--model", Model, Path.Combine(files.Root, "images", "*.png"), "--output", csv, "--top-k", "2"]);

        Assert.AreEqual(CliApp.Failure, code, error);
        Assert.AreEqual("", output);
        StringAssert.Contains(error, $"{bad}\terror: ");
        StringAssert.Contains(error, "predicted 3 of 4 images");
        string[] lines = File.ReadAllLines(csv);
        Assert.AreEqual("row,path,label,probability,top_k,error", lines[0]);
        Assert.HasCount(5, lines);
        foreach (string line in lines[1..4])
        {
            string[] fields = line.Split(',');
            Assert.AreEqual(6, fields.Length, line);
            Assert.IsTrue(float.Parse(fields[3], CultureInfo.InvariantCulture) is > 0 and <= 1, line);
            Assert.AreEqual(2, fields[4].Split(';').Length, line);
            StringAssert.StartsWith(fields[4], fields[2] + ":");
        }
        StringAssert.StartsWith(lines[4], $"3,{bad},,,,");
        StringAssert.Contains(lines[4], "expected an encoded image");
    }

    [TestMethod]
    public void Predict_FilesToJsonl_ObjectsWithLabelProbabilityAndTopK()
    {
        using var files = CopyImages(2);
        string[] images = Directory.GetFiles(Path.Combine(files.Root, "images")).Order(StringComparer.Ordinal).ToArray();
        string jsonl = Path.Combine(files.Root, "predictions.jsonl");

        var (code, _, error) = CliRun.Run(["predict", "--model", Model, images[1], images[0], "--output", jsonl, "--top-k", "3"]);

        Assert.AreEqual(CliApp.Success, code, error);
        var objects = File.ReadAllLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.HasCount(2, objects);
        Assert.AreEqual(images[1], objects[0].GetProperty("path").GetString());
        Assert.AreEqual(images[0], objects[1].GetProperty("path").GetString());
        var top = objects[0].GetProperty("top_k");
        Assert.AreEqual(3, top.GetArrayLength());
        Assert.AreEqual(objects[0].GetProperty("label").GetString(), top[0].GetProperty("label").GetString());
        Assert.AreEqual(objects[0].GetProperty("probability").GetDouble(), top[0].GetProperty("probability").GetDouble());
    }

    [TestMethod]
    [DataRow("no-such-folder/*.png", "No file matches the pattern 'no-such-folder/*.png'")]
    [DataRow("no-such-image.png", "'no-such-image.png' is neither an image file nor a folder")]
    public void Predict_NameMatchingNothing_Exits2NamingIt(string argument, string message)
    {
        var (code, _, error) = CliRun.Run(["predict", "--model", Model, argument]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, "IMAGE|DIR|GLOB: " + message);
    }

    [TestMethod]
    public void Predict_OutputOfAnotherKind_Exits2NamingTheFlag()
    {
        var (code, _, error) = CliRun.Run(["predict", "--model", Model, "x.png", "--output", "predictions.txt"]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, "--output: 'predictions.txt' must end in .csv or .jsonl");
    }

    /// <summary>The first <paramref name="count"/> held-out shipped images, copied to <c>images/</c> of a temporary folder.</summary>
    private static DataSetTestFiles CopyImages(int count)
    {
        var files = new DataSetTestFiles();
        foreach (var (image, i) in TrainedImageModel.TestImages(perClass: 1).Take(count).Select((image, i) => (image, i)))
            files.Write($"images/{i:D2}-{image.Label}.png", File.ReadAllBytes(image.ImagePath));
        return files;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

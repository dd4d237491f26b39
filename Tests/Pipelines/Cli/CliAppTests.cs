using MlNetCnn.Cli;
using MlNetCnn.Tests.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.Cli;

[TestClass]
public sealed class CliAppTests
{
    [TestMethod]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "imagenet", "--out", "o" }, "--data", "cifar10, mnist, fashion-mnist, folder")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "mnist", "--out", "o", "--epochs", "0" }, "--epochs", "at least 1")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "mnist", "--out", "o", "--lr", "fast" }, "--lr", "'fast'")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "mnist", "--out", "o", "--device", "tpu" }, "--device", "auto, cpu, cuda")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "mnist", "--out", "o", "--set", "depth" }, "--set", "key=value")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "mnist", "--out", "o", "--in-channels", "2" }, "--in-channels", "1 or 3")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "mnist", "--out", "o", "--val-dir", "." }, "--val-dir", "only with --data folder")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "folder", "--out", "o" }, "--data-dir", "required with --data folder")]
    [DataRow(new[] { "train", "--arch", "resnet18_cifar", "--data", "cifar10", "--out", "o", "--skip-unreadable" }, "--skip-unreadable", "only with --data folder")]
    [DataRow(new[] { "train", "--data", "mnist", "--out", "o" }, "--arch", "")]
    [DataRow(new[] { "train", "--arch", "a", "--data", "mnist", "--out", "o" }, "--arch", "resnet18_cifar, ")]
    [DataRow(new[] { "evaluate", "--model", "no-such-model.zip", "--data", "mnist", "--out", "o" }, "--model", "no-such-model.zip")]
    [DataRow(new[] { "predict", "--model", "no-such-model.zip", "x.png" }, "--model", "no-such-model.zip")]
    public void Run_BadArgument_Exits2NamingTheFlag(string[] args, string flag, string accepted)
    {
        var (code, _, error) = CliRun.Run(args);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, flag);
        StringAssert.Contains(error, accepted);
    }

    [TestMethod]
    public void Run_NoVerb_Exits2()
    {
        Assert.AreEqual(CliApp.BadArguments, CliRun.Run([]).Code);
    }

    [TestMethod]
    [DataRow("--help")]
    [DataRow("train", "--help")]
    [DataRow("evaluate", "--help")]
    [DataRow("predict", "--help")]
    [DataRow("list", "--help")]
    [DataRow("summary", "--help")]
    [DataRow("export", "--help")]
    public void Run_Help_Exits0AndPrintsUsage(params string[] args)
    {
        var (code, output, _) = CliRun.Run(args);

        Assert.AreEqual(CliApp.Success, code);
        StringAssert.Contains(output, "Usage:");
    }

    [TestMethod]
    public void Run_EvaluateWithMissingTestBatch_Exits1NamingTheFile()
    {
        using var files = new DataSetTestFiles();
        string model = files.Write("model.zip", [0]);

        var (code, _, error) = CliRun.Run(["evaluate", "--model", model, "--data", "cifar10", "--data-dir", files.Root, "--out", files.Root]);

        Assert.AreEqual(CliApp.Failure, code);
        StringAssert.Contains(error, "test_batch.bin");
        Assert.AreEqual(1, error.Trim().Split('\n').Length, "one line, no stack trace without --verbose");
    }

    [TestMethod]
    public void Run_TrainOnShippedFolder_LoadsBothFoldersBeforeTraining()
    {
        using var files = new DataSetTestFiles();
        string subset = DataSetTestFiles.ShippedSubset;

        var (_, _, error) = CliRun.Run(["train", "--arch", "resnet18_cifar", "--data", "folder", "--data-dir", Path.Combine(subset, "train"),
            "--val-dir", Path.Combine(subset, "test"), "--limit", "30", "--epochs", "1", "--out", files.Root]);

        StringAssert.Contains(error, "Loaded 30 images of 10 classes");
        StringAssert.Contains(error, "Loaded 500 images of 10 classes");
    }

    [TestMethod]
    public void Run_TrainFolderWithSkipUnreadable_ReportsHowManyAndWhich()
    {
        using var files = new DataSetTestFiles();
        foreach (string name in new[] { "cat/a.png", "cat/b.png", "dog/c.png", "dog/d.png" })
            files.Write(name, MlNetCnn.Tests.Transforms.TestImages.Png(8 + name.Length));
        string bad = files.Write("dog/e.png", "not a png"u8.ToArray());

        var (code, _, error) = CliRun.Run(["train", "--arch", "resnet18_cifar", "--data", "folder", "--data-dir", files.Root,
            "--skip-unreadable", "--epochs", "1", "--out", Path.Combine(files.Root, "out")]);

        Assert.AreEqual(CliApp.Success, code, error);
        StringAssert.Contains(error, "Loaded 4 images of 2 classes");
        StringAssert.Contains(error, "Skipped 1 unreadable image file(s):");
        StringAssert.Contains(error, bad);
    }
}

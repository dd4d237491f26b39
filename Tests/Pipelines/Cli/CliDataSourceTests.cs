using MlNetCnn.Cli;
using MlNetCnn.Pipelines.DataSets.Downloads;
using MlNetCnn.Tests.Pipelines.DataSets;

namespace MlNetCnn.Tests.Pipelines.Cli;

[TestClass]
public sealed class CliDataSourceTests
{
    [TestMethod]
    public void Run_TrainOnCsvList_LoadsTheListedImages()
    {
        using var files = new DataSetTestFiles();
        string test = Path.Combine(DataSetTestFiles.ShippedSubset, "test");
        string[] rows = new[] { "cat", "dog" }.SelectMany(c => Directory.GetFiles(Path.Combine(test, c)).Order().Take(5).Select(f => $"\"{f}\",{c}")).ToArray();
        string list = files.Write("list.csv", System.Text.Encoding.UTF8.GetBytes("path,label\n" + string.Join("\n", rows)));

        var (code, _, error) = CliRun.Run(["train", "--arch", "cifarnet", "--data", "csv", "--data-dir", list, "--epochs", "1", "--out", files.Root]);

        Assert.AreEqual(CliApp.Success, code, error);
        StringAssert.Contains(error, "Loaded 10 images of 2 classes");
        Assert.IsTrue(File.Exists(Path.Combine(files.Root, "model.zip")));
    }

    [TestMethod]
    public void Run_TrainOnCsvWithMissingImage_Exits1NamingTheRow()
    {
        using var files = new DataSetTestFiles();
        string list = files.Write("list.csv", "path,label\nnone.png,cat\n"u8.ToArray());

        var (code, _, error) = CliRun.Run(["train", "--arch", "resnet18_cifar", "--data", "csv", "--data-dir", list, "--out", files.Root]);

        Assert.AreEqual(CliApp.Failure, code, error);
        StringAssert.Contains(error, $"'{list}', row 2: image 'none.png' not found");
    }

    [TestMethod]
    public void Run_DownloadWithFolderSource_Exits2()
    {
        using var files = new DataSetTestFiles();

        var (code, _, error) = CliRun.Run(["train", "--arch", "resnet18_cifar", "--data", "folder", "--download", "--data-dir", files.Root, "--out", files.Root]);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, "--download: only for the classic sets");
    }

    [TestMethod]
    public void Run_ClassicSetWithoutDataDirAndNothingCached_Exits2NamingDataDirAndDownload()
    {
        using var files = new DataSetTestFiles();

        var (code, _, error) = WithCache(files.Root, () => CliRun.Run(["train", "--arch", "cifarnet", "--data", "mnist", "--out", files.Root]));

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.StartsWith(error, "--data-dir: not given, and the download cache has no mnist");
        StringAssert.Contains(error, Path.Combine(files.Root, "mnist"));
        StringAssert.Contains(error, "--download");
    }

    [TestMethod]
    public void Run_ClassicSetWithoutDataDir_ReadsTheDownloadCache()
    {
        using var files = new DataSetTestFiles();
        string model = files.Write("model.zip", [0]);

        var (code, _, error) = WithCache(files.Root, () =>
        {
            Directory.CreateDirectory(new DataSetDownloader().DataFolderOf(PublicDataSets.Cifar10));
            return CliRun.Run(["evaluate", "--model", model, "--data", "cifar10", "--out", files.Root]);
        });

        Assert.AreEqual(CliApp.Failure, code, error);
        StringAssert.Contains(error, Path.Combine(files.Root, "cifar10", PublicDataSets.Cifar10.DataFolder, "test_batch.bin"));
    }

    /// <summary>Runs <paramref name="run"/> with <c>MLNETCNN_DATA</c> set to <paramref name="cache"/>, then puts the variable back.</summary>
    private static T WithCache<T>(string cache, Func<T> run)
    {
        string? before = Environment.GetEnvironmentVariable(DownloadOptions.CacheVariable);
        try
        {
            Environment.SetEnvironmentVariable(DownloadOptions.CacheVariable, cache);
            return run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(DownloadOptions.CacheVariable, before);
        }
    }
}

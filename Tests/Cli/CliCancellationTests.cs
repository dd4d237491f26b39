using MlNetCnn.Cli;
using MlNetCnn.Tests.Pipelines.DataSets;

namespace MlNetCnn.Tests.Cli;

/// <summary>Ctrl+C stops <c>evaluate</c> once its images are loaded, with exit code 130.</summary>
[TestClass]
public sealed class CliCancellationTests
{
    [TestMethod]
    public void Run_EvaluateWithCancelledToken_Exits130BeforeReadingTheModel()
    {
        using var files = new DataSetTestFiles();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var error = new StringWriter();
        string notAModel = files.Write("model.zip", [0]);

        int code = CliApp.Run(["evaluate", "--model", notAModel, "--data", "folder", "--data-dir", Path.Combine(DataSetTestFiles.ShippedSubset, "test"),
            "--limit", "10", "--out", files.Root], TextWriter.Null, error, cancel.Token);

        Assert.AreEqual(CliApp.Cancelled, code, error.ToString());
        StringAssert.EndsWith(error.ToString().TrimEnd(), "cancelled");
    }
}

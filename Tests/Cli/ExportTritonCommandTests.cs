using MlNetCnn.Cli;
using MlNetCnn.Tests.Pipelines.Cli;
using MlNetCnn.Tests.Pipelines.DataSets;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Cli;

/// <summary><c>mlnetcnn export --model model.zip --triton DIR</c>, run in-process on the shared trained CifarNet.</summary>
[TestClass]
public sealed class ExportTritonCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args) => CliRun.Run(args);

    [TestMethod]
    public void Export_ModelToTriton_WritesTheFolderAndPrintsItsTensors()
    {
        using var files = new DataSetTestFiles();
        string repository = files.Root;

        var (code, output, error) = Run("export", "--model", TrainedImageModel.Instance.ZipPath, "--triton", repository,
            "--name", "cifar", "--max-batch-size", "16", "--instance-kind", "cpu");

        Assert.AreEqual(CliApp.Success, code, error);
        string config = File.ReadAllText(Path.Combine(repository, "cifar", "config.pbtxt"));
        StringAssert.Contains(config, "max_batch_size: 16");
        StringAssert.Contains(config, "kind: KIND_CPU");
        Assert.IsTrue(File.Exists(Path.Combine(repository, "cifar", "1", "model.onnx")));
        StringAssert.Contains(output, "Triton model 'cifar'");
        StringAssert.Contains(output, "input Features TYPE_FP32 [3, 32, 32]");
        StringAssert.Contains(output, "output Score TYPE_FP32 [10], labels labels.txt");
    }

    [TestMethod]
    public void Export_ExistingModelFolder_Exits1UntilForced()
    {
        using var files = new DataSetTestFiles();
        string repository = files.Root;
        string[] args = ["export", "--model", TrainedImageModel.Instance.ZipPath, "--triton", repository, "--name", "m"];
        Assert.AreEqual(CliApp.Success, Run(args).Code);

        var (code, _, error) = Run(args);
        Assert.AreEqual(CliApp.Failure, code);
        StringAssert.Contains(error, "already exists");
        StringAssert.Contains(error, "--force");

        Assert.AreEqual(CliApp.Success, Run([.. args, "--force"]).Code);
    }

    [TestMethod]
    public void Export_FileThatIsNoModel_Exits1NamingIt()
    {
        using var files = new DataSetTestFiles();
        string folder = files.Root;
        string path = Path.Combine(folder, "model.zip");
        File.WriteAllBytes(path, [0]);

        var (code, _, error) = Run("export", "--model", path, "--triton", Path.Combine(folder, "repo"));

        Assert.AreEqual(CliApp.Failure, code);
        StringAssert.Contains(error, $"'{path}' is not a model saved by ML.NET");
        Assert.AreEqual(1, error.Trim().Split('\n').Length, "one line, no stack trace without --verbose");
    }

    [TestMethod]
    [DataRow(new[] { "--model", "MODEL" }, "--triton: required with --model")]
    [DataRow(new[] { "--triton", "DIR" }, "--model: required with --triton")]
    [DataRow(new[] { "--model", "MODEL", "--triton", "DIR", "--arch", "lenet5" }, "--arch: not accepted with --model")]
    [DataRow(new[] { "--model", "MODEL", "--triton", "DIR", "--out", "m.onnx" }, "--out: not accepted with --model")]
    [DataRow(new[] { "--model", "MODEL", "--triton", "DIR", "--instance-kind", "tpu" }, "--instance-kind: 'tpu' is not accepted; expected one of: gpu, cpu.")]
    [DataRow(new[] { "--model", "MODEL", "--triton", "DIR", "--max-batch-size", "0" }, "--max-batch-size: expected a whole number of at least 1, got '0'.")]
    [DataRow(new[] { "--model", "MODEL", "--triton", "DIR", "--name", "a/b" }, "--name: Expected a Triton model name")]
    [DataRow(new[] { "--model", "missing.zip", "--triton", "DIR" }, "--model: file 'missing.zip' does not exist.")]
    [DataRow(new string[0], "--arch: required")]
    public void Export_BadFlags_Exits2NamingTheFlag(string[] flags, string message)
    {
        using var files = new DataSetTestFiles();
        string folder = files.Root;
        var args = flags.Select(f => f == "MODEL" ? TrainedImageModel.Instance.ZipPath : f == "DIR" ? folder : f).Prepend("export").ToArray();

        var (code, _, error) = Run(args);

        Assert.AreEqual(CliApp.BadArguments, code, error);
        StringAssert.Contains(error, message);
    }
}

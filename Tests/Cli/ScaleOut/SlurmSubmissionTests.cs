using MlNetCnn.Cli.ScaleOut;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Cli.ScaleOut;

/// <summary>Submitting a sweep with a fake <c>sbatch</c>: the workers' script, then the report job after it; failures named.</summary>
[TestClass]
public sealed class SlurmSubmissionTests
{
    private string _folder = "";

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-sbatch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>A fake sbatch that notes each call's arguments (one a line, calls separated by '--') and then runs <paramref name="body"/>.</summary>
    private string FakeSbatch(string body)
    {
        return ShellScripts.WriteExecutable(Path.Combine(_folder, "sbatch"), $"#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" -- >> '{_folder}/calls'\n{body}");
    }

    private SlurmArraySettings Settings() => new()
    {
        JobName = "cifar", Workers = 2, WorkerCommand = ["mlnetcnn", "sweep-worker"], WorkingFolder = _folder, Partition = "cpu",
    };

    [TestMethod]
    public void Submit_FakeSbatch_SubmitsWorkersThenReportAfterAny()
    {
        string sbatch = FakeSbatch("""if [ "$2" = "$SCRIPT" ]; then echo 101; else echo '102;cluster'; fi""");
        string script = Path.Combine(_folder, "workers.sbatch");
        var submission = new SlurmSubmission(sbatch, new Dictionary<string, string> { ["SCRIPT"] = script });

        var jobs = submission.Submit(Settings(), script, ["/opt/mlnetcnn", "sweep-report", "/shared/my sweep"]);

        Assert.AreEqual(new SlurmSubmittedJobs("101", "102"), jobs);
        Assert.IsTrue(File.Exists(script));
        Assert.IsTrue(Directory.Exists(Path.Combine(_folder, "logs")), "the log folder is made before sbatch runs");
        string[] calls = File.ReadAllText(Path.Combine(_folder, "calls")).Split("--\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, calls);
        CollectionAssert.AreEqual(new[] { "--parsable", script }, calls[0].TrimEnd('\n').Split('\n'));
        CollectionAssert.AreEqual(new[]
        {
            "--parsable", "--dependency=afterany:101", "--job-name=cifar-report", $"--chdir={_folder}", "--output=logs/%x_%j.log",
            "--partition=cpu", "--wrap", "/opt/mlnetcnn sweep-report '/shared/my sweep'",
        }, calls[1].TrimEnd('\n').Split('\n'));
    }

    [TestMethod]
    public void Submit_SbatchFails_NamesTheCommandAndItsStderr()
    {
        string sbatch = FakeSbatch("echo 'sbatch: error: invalid partition specified: cpu' >&2; exit 1");
        var submission = new SlurmSubmission(sbatch);
        string script = Path.Combine(_folder, "workers.sbatch");

        var error = Assert.ThrowsExactly<SlurmCommandException>(() => submission.Submit(Settings(), script, ["mlnetcnn", "sweep-report", "x"]));

        Assert.AreEqual($"{sbatch} --parsable {script} failed with exit code 1: sbatch: error: invalid partition specified: cpu", error.Message);
    }

    [TestMethod]
    public void Submit_NoSbatch_SaysWhatIsMissing()
    {
        var submission = new SlurmSubmission(Path.Combine(_folder, "no-such-sbatch"));
        var error = Assert.ThrowsExactly<SlurmCommandException>(() => submission.SubmitScript("x.sbatch"));
        StringAssert.Contains(error.Message, "is Slurm's client (slurm-client) installed and on PATH?");
    }

    [TestMethod]
    [DataRow("123\n", "123")]
    [DataRow("4567;mlnetcnn\n", "4567")]
    public void ParseJobId_ParsableOutput_ReturnsTheId(string output, string expected) =>
        Assert.AreEqual(expected, SlurmSubmission.ParseJobId(output));

    [TestMethod]
    public void ParseJobId_NoId_SaysWhatItFound()
    {
        var error = Assert.ThrowsExactly<FormatException>(() => SlurmSubmission.ParseJobId("Submitted batch job 12\n"));
        Assert.AreEqual("sbatch --parsable: expected a job id (digits, then ';cluster' or nothing), found 'Submitted batch job 12'.", error.Message);
    }
}

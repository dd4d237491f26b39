using System.Xml.Linq;
using MlNetCnn.Build;
using MlNetCnn.Tests.Support;

namespace MlNetCnn.Tests.Packaging;

/// <summary>
/// MlNetCnn as its users get it: the solution packed into a local feed, a fresh console project outside the repository
/// that adds the package MlNetCnn and runs the README's pipeline (train → save → load in another process → predict from
/// an image path), and the tool installed from the same feed (list, train, predict). Nothing of the repository takes part
/// but the packages.
/// </summary>
[TestClass]
public sealed class ConsumerPackageTests
{
    private const string WeakVersion = "GLIBCXX_3.4.32";
    private static readonly string[] Classes = { "airplane", "automobile" };
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(15), Quick = TimeSpan.FromMinutes(5);

    [TestMethod]
    [TestCategory("Consumer")]
    public void PackedPackages_FreshProjectAndInstalledTool_TrainSaveReloadAndPredict()
    {
        if (!DotnetCommand.SdkAvailable()) Assert.Inconclusive("The .NET SDK (dotnet) is needed to pack and to build the consumer project.");
        string repository = RepositoryRoot();
        string version = $"{VersionPrefix(repository)}-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}";
        using var work = ConsumerWorkspace.Create(GlobalPackagesFolder());

        DotnetCommand.Run(Slow, new[] { "pack", Path.Combine(repository, "MlNetCnn.sln"), "-c", "Release", "-o", work.Feed, $"-p:PackageVersion={version}" },
            repository, ConsumerWorkspace.CleanEnvironment());
        foreach (string id in new[] { "MlNetCnn", "MlNetCnn.Models", "MlNetCnn.Transforms", "MlNetCnn.Trainers", "MlNetCnn.Pipelines", "MlNetCnn.Cli" })
            Assert.IsTrue(File.Exists(Path.Combine(work.Feed, $"{id}.{version}.nupkg")), $"{id} {version} was not packed");

        string modelPath = Path.Combine(work.Root, "model.zip");
        string image = CopyImages(Path.Combine(work.Root, "images"));
        CreateApp(work, version);
        var trained = DotnetCommand.Run(Slow, new[] { "run", "-c", "Release", "--", "train", Path.Combine(work.Root, "images"), modelPath }, work.App, work.Environment);
        StringAssert.Contains(trained.Output, "trained on 20 images", trained.ToString());
        Assert.IsTrue(File.Exists(modelPath), trained.ToString());
        AssertPatchedWhereNeeded(Path.Combine(work.App, "bin"), always: false);
        Assert.AreEqual(1, Directory.GetFiles(Path.Combine(work.App, "bin"), "ResNet18.onnx", SearchOption.AllDirectories).Length,
            "the offline ImageNet weights (Microsoft.ML.DnnImageFeaturizer.ResNet18's build props) should reach the output");

        var predicted = DotnetCommand.Run(Quick, new[] { "run", "-c", "Release", "--no-build", "--", "predict", modelPath, image }, work.App, work.Environment);
        StringAssert.Matches(predicted.Output, new System.Text.RegularExpressions.Regex($"predicted ({string.Join('|', Classes)}) "), predicted.ToString());

        string published = Path.Combine(work.Root, "published");
        DotnetCommand.Run(Slow, new[] { "publish", "-c", "Release", "--no-build", "-o", published }, work.App, work.Environment);
        AssertPatchedWhereNeeded(published, always: false);
        var network = DotnetCommand.Run(Quick, new[] { Path.Combine(published, "Consumer.dll"), "network" }, work.Root, work.Environment);
        StringAssert.Contains(network.Output, "built ", network.ToString());

        AssertUnloadableTorchSharpExplained(work);

        DotnetCommand.Run(Slow, new[] { "tool", "install", "--tool-path", work.Tools, "--add-source", work.Feed, "--version", version, "MlNetCnn.Cli" },
            work.Root, work.Environment);
        AssertPatchedWhereNeeded(work.Tools, always: true);
        string tool = Path.Combine(work.Tools, "mlnetcnn");
        var list = DotnetCommand.RunAllowingFailure(tool, Quick, new[] { "list" }, work.Root, work.Environment);
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, "cifarnet", list.ToString());
        StringAssert.Contains(list.Output, "resnet18", list.ToString());
        // The tool's own model (its predict reads models whose image column is the tool's, encoded bytes).
        string toolRun = Path.Combine(work.Root, "tool-run");
        var toolTraining = DotnetCommand.RunAllowingFailure(tool, Slow,
            new[] { "train", "--arch", "cifarnet", "--data", "folder", "--data-dir", Path.Combine(work.Root, "images"), "--epochs", "1", "--quiet", "--out", toolRun },
            work.Root, work.Environment);
        Assert.AreEqual(0, toolTraining.ExitCode, toolTraining.ToString());
        var toolPrediction = DotnetCommand.RunAllowingFailure(tool, Quick,
            new[] { "predict", "--model", Path.Combine(toolRun, "model.zip"), image }, work.Root, work.Environment);
        Assert.AreEqual(0, toolPrediction.ExitCode, toolPrediction.ToString());
        StringAssert.Contains(toolPrediction.Output, Path.GetFileName(image), toolPrediction.ToString());
        Assert.IsTrue(Classes.Any(toolPrediction.Output.Contains), toolPrediction.ToString());
        Console.WriteLine(string.Join('\n', trained.Output.Trim(), predicted.Output.Trim(), network.Output.Trim(), toolPrediction.Output.Trim()));
    }

    /// <summary>
    /// With the fix undone in the consumer's output (where this system needs it), the library's first TorchSharp use
    /// fails with the one exception that names the missing version and the fix.
    /// </summary>
    private static void AssertUnloadableTorchSharpExplained(ConsumerWorkspace work)
    {
        string library = Directory.GetFiles(Path.Combine(work.App, "bin"), "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
        var run = new[] { "run", "-c", "Release", "--no-build", "--", "network" };
        if (ElfVersionNeed.SystemLibStdCxxHas(WeakVersion) != false)
        {
            DotnetCommand.Run(Quick, run, work.App, work.Environment);
            return;
        }
        byte[] elf = File.ReadAllBytes(library);
        ElfVersionNeed.SetWeak(elf, new[] { WeakVersion }, weak: false);
        File.WriteAllBytes(library, elf);
        var failed = DotnetCommand.RunAllowingFailure(DotnetCommand.Host, Quick, run, work.App, work.Environment);
        Assert.AreNotEqual(0, failed.ExitCode, failed.ToString());
        StringAssert.Contains(failed.Error, "TorchSharpUnavailableException", failed.ToString());
        StringAssert.Contains(failed.Error, WeakVersion, failed.ToString());
        StringAssert.Contains(failed.Error, "MlNetCnnPatchTorchSharp", failed.ToString());
        Console.WriteLine($"With the fix undone: {failed.Error.Split('\n')[0]}");
    }

    /// <summary>The one libLibTorchSharp.so below <paramref name="folder"/> has the requirement weak where it must.</summary>
    private static void AssertPatchedWhereNeeded(string folder, bool always)
    {
        string library = Directory.GetFiles(folder, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
        bool weak = ElfVersionNeed.ListRequirements(File.ReadAllBytes(library)).Single(r => r.Key == WeakVersion).Value;
        if (always || ElfVersionNeed.SystemLibStdCxxHas(WeakVersion) == false)
            Assert.IsTrue(weak, $"{WeakVersion} should be weak in {library}");
    }

    /// <summary>A fresh console project that references the package MlNetCnn and nothing else, with the README's pipeline.</summary>
    private static void CreateApp(ConsumerWorkspace work, string version)
    {
        DotnetCommand.Run(Quick, new[] { "new", "console", "-o", work.App, "-n", "Consumer", "--no-restore" }, work.Root, work.Environment);
        DotnetCommand.Run(Slow, new[] { "add", "package", "MlNetCnn", "--version", version }, work.App, work.Environment);
        string project = Path.Combine(work.App, "Consumer.csproj");
        var xml = XDocument.Load(project);
        // As the package README advises: this platform's natives only (0.5 GB rather than every platform's 1.3 GB).
        xml.Root!.Element("PropertyGroup")!.Add(new XElement("UseCurrentRuntimeIdentifier", "true"));
        xml.Save(project);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Packaging", "Fixtures", "ConsumerProgram.cs"), Path.Combine(work.App, "Program.cs"), overwrite: true);
    }

    /// <summary>Copies ten shipped CIFAR-10 images of each of two classes; returns one held-out image to predict.</summary>
    private static string CopyImages(string folder)
    {
        foreach (string label in Classes)
        {
            Directory.CreateDirectory(Path.Combine(folder, label));
            foreach (var file in ShippedImages.Train(perClass: 10).Where(f => f.Label == label))
                File.Copy(file.ImagePath, Path.Combine(folder, label, Path.GetFileName(file.ImagePath)));
        }
        return ShippedImages.Test(perClass: 1).First(f => f.Label == Classes[0]).ImagePath;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlNetCnn.sln"))) return dir.FullName;
        Assert.Inconclusive($"No MlNetCnn.sln above {AppContext.BaseDirectory}: the consumer test packs the repository it was built from.");
        return "";
    }

    /// <summary>The one version of all packages (VersionPrefix in Directory.Build.props).</summary>
    private static string VersionPrefix(string repository) =>
        XDocument.Load(Path.Combine(repository, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    /// <summary>The user's global packages folder, where the repository's restore left every dependency.</summary>
    private static string GlobalPackagesFolder()
    {
        var listed = DotnetCommand.Run(Quick, new[] { "nuget", "locals", "global-packages", "--list" });
        string line = listed.Output.Split('\n').Single(l => l.Contains("global-packages:", StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Trim();
    }
}

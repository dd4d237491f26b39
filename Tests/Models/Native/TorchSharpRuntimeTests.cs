using MlNetCnn.Build;
using MlNetCnn.Models.Native;

namespace MlNetCnn.Tests.Models.Native;

/// <summary>The one check of TorchSharp's native libraries and the explanation of a failed load.</summary>
[TestClass]
public sealed class TorchSharpRuntimeTests
{
    private const string Version = "GLIBCXX_3.4.32";
    private static readonly string Folder = Path.Combine("/opt", "app");
    private static readonly string Library = Path.Combine(Folder, "libLibTorchSharp.so");
    private static readonly Exception LoaderError = new TypeInitializationException("TorchSharp.torch",
        new DllNotFoundException($"Unable to load shared library 'LibTorchSharp': version `{Version}' not found"));

    [TestMethod]
    public void Explain_UnmetLibStdCxxVersion_NamesLibraryVersionFixAndLoaderMessage()
    {
        var scan = new TorchSharpNativeScan(new[] { Folder }, Library, new[] { Version }, LibTorchFound: true);

        string message = TorchSharpRuntime.Explain(LoaderError, scan, "linux-x64");

        foreach (string expected in new[] { Library, Version, "MlNetCnn.Models", "MlNetCnnPatchTorchSharp", "GCC 13", $"version `{Version}' not found" })
            StringAssert.Contains(message, expected);
    }

    [TestMethod]
    public void Explain_NoNativeLibrary_NamesFoldersSearchedAndPackages()
    {
        var scan = new TorchSharpNativeScan(new[] { Folder, "/opt/other" }, null, Array.Empty<string>(), LibTorchFound: false);

        string message = TorchSharpRuntime.Explain(LoaderError, scan, "linux-arm64");

        foreach (string expected in new[] { TorchSharpNativeScan.LibTorchSharpFileName, Folder, "/opt/other", "linux-arm64", "TorchSharp-cpu", "-r linux-arm64" })
            StringAssert.Contains(message, expected);
    }

    [TestMethod]
    public void Explain_NoLibTorch_NamesTheBackendPackages()
    {
        var scan = new TorchSharpNativeScan(new[] { Folder }, Library, Array.Empty<string>(), LibTorchFound: false);

        string message = TorchSharpRuntime.Explain(LoaderError, scan, "linux-x64");

        foreach (string expected in new[] { "libtorch", Library, "package MlNetCnn", "TorchSharp-cpu", "TorchSharp-cuda-linux" })
            StringAssert.Contains(message, expected);
    }

    [TestMethod]
    public void Scan_RealLibraryWithRequirementStrongOrWeak_ReportsItUnmetOnlyWhenStrongAndTheSystemLacksIt()
    {
        string output = Path.Combine(AppContext.BaseDirectory, TorchSharpNativeScan.LibTorchSharpFileName);
        if (!OperatingSystem.IsLinux() || !File.Exists(output))
            Assert.Inconclusive("libLibTorchSharp.so is only in the output of a Linux build.");
        string folder = Directory.CreateTempSubdirectory("mlnetcnn-scan-").FullName;
        try
        {
            byte[] elf = File.ReadAllBytes(output);
            ElfVersionNeed.SetWeak(elf, new[] { Version }, weak: false);
            File.WriteAllBytes(Path.Combine(folder, TorchSharpNativeScan.LibTorchSharpFileName), elf);

            var strong = TorchSharpNativeScan.Of(new[] { folder });
            ElfVersionNeed.Weaken(elf, new[] { Version });
            File.WriteAllBytes(Path.Combine(folder, TorchSharpNativeScan.LibTorchSharpFileName), elf);
            var weak = TorchSharpNativeScan.Of(new[] { folder });

            Assert.AreEqual(Path.Combine(folder, TorchSharpNativeScan.LibTorchSharpFileName), strong.LibTorchSharpPath);
            Assert.IsFalse(strong.LibTorchFound, "no libtorch was copied beside it");
            bool systemLacks = ElfVersionNeed.SystemLibStdCxxHas(Version) == false;
            Assert.AreEqual(systemLacks, strong.UnmetVersions.Contains(Version), string.Join(", ", strong.UnmetVersions));
            Assert.IsFalse(weak.UnmetVersions.Contains(Version), "a weak requirement is not unmet");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void EnsureAvailable_InTheTestProcess_ReturnsAndTheScanFindsEverything()
    {
        TorchSharpRuntime.EnsureAvailable();
        TorchSharpRuntime.EnsureAvailable();

        var scan = TorchSharpNativeScan.OfThisProcess();
        Assert.IsNotNull(scan.LibTorchSharpPath, string.Join(", ", scan.SearchedFolders));
        Assert.IsTrue(scan.LibTorchFound, string.Join(", ", scan.SearchedFolders));
        Assert.AreEqual(0, scan.UnmetVersions.Count, string.Join(", ", scan.UnmetVersions));
    }
}

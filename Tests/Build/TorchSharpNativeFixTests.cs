using MlNetCnn.Build;

namespace MlNetCnn.Tests.Build;

/// <summary>The build step that lets TorchSharp 0.107 load where libstdc++ lacks GLIBCXX_3.4.32 (build/TorchSharpNativeFix.targets).</summary>
[TestClass]
public sealed class TorchSharpNativeFixTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string? LibraryInOutput()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    }

    [TestMethod]
    public void OutputLibrary_WhereSystemLacksVersion_RequirementIsWeak()
    {
        string? library = LibraryInOutput();
        if (library is null || !OperatingSystem.IsLinux())
            Assert.Inconclusive("libLibTorchSharp.so is only in the output of a Linux build.");
        var requirement = ElfVersionNeed.ListRequirements(File.ReadAllBytes(library)).Single(r => r.Key == Version);
        bool? systemHas = ElfVersionNeed.SystemLibStdCxxHas(Version);
        if (systemHas == false) Assert.IsTrue(requirement.Value, $"{Version} should be weak in {library}: the system libstdc++ lacks it.");
        else Assert.IsFalse(requirement.Value, $"{Version} should be left strong: the system libstdc++ has it (or none was found).");
    }

    [TestMethod]
    public void Weaken_UnpatchedCopy_SetsOnlyThatFlagAndIsIdempotent()
    {
        string? library = LibraryInOutput();
        if (library is null) Assert.Inconclusive("libLibTorchSharp.so is only in the output of a Linux build.");
        byte[] original = File.ReadAllBytes(library);
        // Make a copy as shipped (strong), whatever the build did, then patch it.
        byte[] strong = (byte[])original.Clone();
        ElfVersionNeed.SetWeak(strong, new[] { Version }, weak: false);

        Assert.AreEqual(1, ElfVersionNeed.Weaken(strong, new[] { Version }));
        var after = ElfVersionNeed.ListRequirements(strong);
        Assert.IsTrue(after.Single(r => r.Key == Version).Value);
        Assert.IsTrue(after.Where(r => r.Key != Version).All(r => !r.Value), "other requirements must stay strong");
        Assert.AreEqual(0, ElfVersionNeed.Weaken(strong, new[] { Version }), "a second run changes nothing");
        Assert.AreEqual(original.Length, strong.Length);
        Assert.IsLessThanOrEqualTo(1, original.Zip(strong).Count(p => p.First != p.Second), "at most one byte differs from the build's copy");
    }

    [TestMethod]
    public void Weaken_NotAnElfFile_Fails()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionNeed.Weaken(new byte[100], new[] { Version }));
        StringAssert.Contains(error.Message, "not an ELF file");
    }

    [TestMethod]
    public void TorchSharp_AfterTheBuild_Loads() =>
        Assert.AreEqual(6f, TorchSharp.torch.ones(2, 3).sum().item<float>());
}

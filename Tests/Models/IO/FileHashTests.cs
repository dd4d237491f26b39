using MlNetCnn.Models.IO;

namespace MlNetCnn.Tests.Models.IO;

[TestClass]
public sealed class FileHashTests
{
    /// <summary>SHA-256 of the three bytes "abc" (FIPS 180-2's example).</summary>
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [TestMethod]
    public void Matches_FullDigestOrPrefix_AcceptsOnlyThatFile()
    {
        Assert.IsTrue(FileHash.Sha256(AbcSha256).Matches(AbcSha256));
        Assert.IsTrue(FileHash.Sha256("BA7816BF").Matches(AbcSha256));
        Assert.IsFalse(FileHash.Sha256("ba7816be").Matches(AbcSha256));
        Assert.IsTrue(FileHash.Sha256("ba7816bf").IsPrefix);
        Assert.IsFalse(FileHash.Sha256(AbcSha256).IsPrefix);
    }

    [TestMethod]
    public void DigestOf_File_IsTheStandardDigest()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlnetcnn-hash-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, "abc"u8.ToArray());
        try
        {
            Assert.AreEqual(AbcSha256, FileHash.Sha256("ba7816bf").DigestOf(path));
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", FileHash.Md5("900150983cd24fb0d6963f7d28e17f72").DigestOf(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow("ba7816b")]
    [DataRow("ba7816bz")]
    [DataRow(AbcSha256 + "00")]
    public void Constructor_NotAHexDigestOrPrefix_ThrowsNamingIt(string hex)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => FileHash.Sha256(hex));

        StringAssert.Contains(e.Message, hex);
    }

    [TestMethod]
    public void ToString_SaysWhetherOnlyAPrefixIsPinned()
    {
        Assert.AreEqual("SHA-256 starting with ba7816bf", FileHash.Sha256("ba7816bf").ToString());
        Assert.AreEqual("MD5 900150983cd24fb0d6963f7d28e17f72", FileHash.Md5("900150983cd24fb0d6963f7d28e17f72").ToString());
    }
}

using MlNetCnn.Trainers.Training.Checkpoints;

namespace MlNetCnn.Tests.Trainers.Training.Checkpoints;

/// <summary>The checkpoint file's framing: atomic replacement, and refusal of anything damaged.</summary>
[TestClass]
public sealed class CheckpointFileTests
{
    private static string NewPath()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "run.ckpt");
    }

    [TestMethod]
    public void Write_ThenRead_GivesThePayloadBack()
    {
        string path = NewPath();
        CheckpointFile.Write(path, w => { w.Write("epoch"); w.Write(42); });

        var (text, number) = CheckpointFile.Read(path, r => (r.ReadString(), r.ReadInt32()));

        Assert.AreEqual("epoch", text);
        Assert.AreEqual(42, number);
    }

    [TestMethod]
    public void Write_FailingHalfway_KeepsThePreviousCheckpointAndLeavesNoTemporaryFile()
    {
        string path = NewPath();
        CheckpointFile.Write(path, w => w.Write("first"));
        byte[] before = File.ReadAllBytes(path);

        Assert.ThrowsExactly<IOException>(() => CheckpointFile.Write(path, w =>
        {
            w.Write(new byte[100_000]);
            throw new IOException("disk full");
        }));

        CollectionAssert.AreEqual(before, File.ReadAllBytes(path));
        Assert.HasCount(1, Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.AreEqual("first", CheckpointFile.Read(path, r => r.ReadString()));
    }

    [TestMethod]
    public void Read_AnotherFile_SaysItIsNotACheckpoint()
    {
        string path = NewPath();
        File.WriteAllText(path, "model weights, perhaps, but not a checkpoint");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => CheckpointFile.Read(path, r => r.ReadString()));

        StringAssert.Contains(error.Message, "does not start with the MlNetCnn checkpoint tag");
    }

    [TestMethod]
    public void Read_OneByteChanged_IsRefused()
    {
        string path = NewPath();
        CheckpointFile.Write(path, w => w.Write(new string('x', 1000)));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[500] ^= 1;
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => CheckpointFile.Read(path, r => r.ReadString()));

        StringAssert.Contains(error.Message, "does not match its SHA-256");
    }

    [TestMethod]
    public void Read_PayloadShorterThanTheReaderExpects_SaysItEndsEarly()
    {
        string path = NewPath();
        CheckpointFile.Write(path, w => w.Write(1));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => CheckpointFile.Read(path, r => r.ReadInt64()));

        StringAssert.Contains(error.Message, "ends early");
    }
}

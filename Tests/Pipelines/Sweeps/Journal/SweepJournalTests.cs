using System.Text;
using MlNetCnn.Pipelines.Sweeps;
using MlNetCnn.Pipelines.Sweeps.Journal;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Journal;

[TestClass]
public sealed class SweepJournalTests
{
    private string folder = "";

    private string JournalPath => Path.Combine(folder, "journal.jsonl");

    [TestInitialize]
    public void CreateFolder() => folder = SweepSamples.TempFolder();

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private SweepJournal WriteSamples()
    {
        var journal = SweepJournal.Open(JournalPath);
        foreach (var entry in SweepSamples.Entries()) journal.Append(entry);
        return journal;
    }

    [TestMethod]
    public void Open_MissingFile_IsEmptyAndCreatesNothing()
    {
        var journal = SweepJournal.Open(JournalPath);
        Assert.IsEmpty(journal.Entries);
        Assert.IsFalse(Directory.Exists(folder));
    }

    [TestMethod]
    public void Append_ThenOpen_ReadsTheSameEntries()
    {
        var written = WriteSamples().Entries;
        var read = SweepJournal.Open(JournalPath);
        Assert.IsNull(read.IgnoredLastLine);
        Assert.HasCount(written.Count, read.Entries);
        for (int i = 0; i < written.Count; i++)
        {
            Assert.AreEqual(written[i].GetType(), read.Entries[i].GetType());
            Assert.AreEqual(written[i].Utc, read.Entries[i].Utc);
        }
        var proposed = (TrialProposed)read.Entries[1];
        Assert.AreEqual(SweepSamples.Config(), proposed.Config);
        var completed = (TrialCompleted)read.Entries[11];
        Assert.AreEqual(SweepSamples.Cost(trainSeconds: 35), completed.Cost);
        CollectionAssert.AreEqual(SweepSamples.Metrics(9, 0.9).ValidationCurve.ToArray(), completed.Metrics.ValidationCurve.ToArray());
        Assert.AreEqual("loss is NaN\n  at the training loop", ((TrialFailed)read.Entries[10]).Error);
    }

    [TestMethod]
    public void Append_Line_IsSnakeCaseJsonTabChecksum()
    {
        SweepJournal.Open(JournalPath).Append(new TrialPromoted(7, 27));
        string line = File.ReadAllText(JournalPath);
        StringAssert.StartsWith(line, "{\"type\":\"trial_promoted\",");
        StringAssert.Contains(line, "\"trial_id\":7,\"target_epoch\":27");
        StringAssert.Matches(line, new System.Text.RegularExpressions.Regex("}\t[0-9a-f]{16}\n$"));
    }

    [TestMethod]
    public void Append_NotFiniteLoss_RoundTripsAsNamedLiteral()
    {
        var journal = SweepJournal.Open(JournalPath);
        journal.Append(new TrialProposed(1, SweepSamples.Config(), 3));
        journal.Append(new TrialRungReached(1, SweepSamples.Metrics(1, 0.1, logLoss: double.NaN), 1));
        var read = (TrialRungReached)SweepJournal.Open(JournalPath).Entries[1];
        Assert.IsTrue(double.IsNaN(read.Metrics.LogLoss));
    }

    [TestMethod]
    public void Open_TornLastLine_IsIgnoredAndCutAwayByTheNextAppend()
    {
        WriteSamples();
        string whole = File.ReadAllText(JournalPath);
        File.AppendAllText(JournalPath, "{\"type\":\"trial_pruned\",\"utc\":\"2025-01-");
        var journal = SweepJournal.Open(JournalPath);
        Assert.HasCount(SweepSamples.Entries().Count, journal.Entries);
        StringAssert.Contains(journal.IgnoredLastLine, $"line {SweepSamples.Entries().Count + 1}: expected '<json>\\t<checksum>', found no tab");

        journal.Append(new TrialTested(2, 0.5, 0.5, 10));
        Assert.IsNull(journal.IgnoredLastLine);
        var reread = SweepJournal.Open(JournalPath);
        Assert.IsNull(reread.IgnoredLastLine);
        Assert.HasCount(SweepSamples.Entries().Count + 1, reread.Entries);
        Assert.IsInstanceOfType<TrialTested>(reread.Entries[^1]);
        StringAssert.StartsWith(File.ReadAllText(JournalPath), whole);
    }

    [TestMethod]
    public void Open_LastLineWithoutLineBreak_IsKeptAndTheNextAppendStartsANewLine()
    {
        WriteSamples();
        File.WriteAllText(JournalPath, File.ReadAllText(JournalPath).TrimEnd('\n'));
        var journal = SweepJournal.Open(JournalPath);
        Assert.HasCount(SweepSamples.Entries().Count, journal.Entries);
        journal.Append(new TrialTested(2, 0.5, 0.5, 10));
        Assert.HasCount(SweepSamples.Entries().Count + 1, SweepJournal.Open(JournalPath).Entries);
    }

    [TestMethod]
    public void Open_DamagedMiddleLine_FailsNamingFileAndLine()
    {
        WriteSamples();
        string[] lines = File.ReadAllLines(JournalPath);
        lines[4] = lines[4][..(lines[4].Length / 2)];
        File.WriteAllLines(JournalPath, lines);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepJournal.Open(JournalPath));
        StringAssert.Contains(error.Message, JournalPath);
        StringAssert.Contains(error.Message, "line 5: expected '<json>\\t<checksum>', found no tab");
    }

    [TestMethod]
    public void Open_AlteredLine_FailsWithChecksumMismatch()
    {
        WriteSamples();
        string[] lines = File.ReadAllLines(JournalPath);
        lines[2] = lines[2].Replace("\"target_epoch\":3", "\"target_epoch\":4");
        File.WriteAllLines(JournalPath, lines);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepJournal.Open(JournalPath));
        StringAssert.Contains(error.Message, "line 3: checksum mismatch: the line says '");
    }

    [TestMethod]
    public void Open_ChecksumHoldsButUnknownType_FailsEvenOnTheLastLine()
    {
        Directory.CreateDirectory(folder);
        string json = "{\"type\":\"trial_exploded\",\"trial_id\":1}";
        string checksum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 8));
        File.WriteAllText(JournalPath, $"{json}\t{checksum}\n");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepJournal.Open(JournalPath));
        StringAssert.Contains(error.Message, "line 1: its checksum holds but it is not a journal entry");
    }

    [TestMethod]
    public void Append_FileChangedByAnotherWriter_Fails()
    {
        var journal = WriteSamples();
        SweepJournal.Open(JournalPath).Append(new TrialTested(1, 0.5, 0.5, 10));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => journal.Append(new TrialTested(2, 0.5, 0.5, 10)));
        StringAssert.Contains(error.Message, "only one sweep may run in a folder");
    }

    [TestMethod]
    public void Append_FromManyThreads_KeepsEveryLineWhole()
    {
        var journal = SweepJournal.Open(JournalPath);
        Parallel.For(0, 64, i => journal.Append(new TrialPromoted(i, i + 1)));
        var read = SweepJournal.Open(JournalPath).Entries.Cast<TrialPromoted>().Select(e => e.TrialId).Order().ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 64).ToArray(), read);
    }
}

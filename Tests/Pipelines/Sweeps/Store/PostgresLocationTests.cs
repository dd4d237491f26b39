using MlNetCnn.Pipelines.Sweeps.Store;
using MlNetCnn.Tests.Pipelines.Sweeps.Journal;
using Npgsql;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Store;

/// <summary>PostgreSQL URLs read into connection settings, and the store a location opens; no server is needed.</summary>
[TestClass]
public sealed class PostgresLocationTests
{
    [TestMethod]
    public void Parse_FullUrl_ReadsEveryPart()
    {
        var builder = PostgresLocation.Parse(
            "postgresql://sweeper:p%40ss%3Aw%2Frd@db.example.org:5433/sweeps?sslmode=require&application_name=mlnetcnn%20worker");

        Assert.AreEqual("sweeper", builder.Username);
        Assert.AreEqual("p@ss:w/rd", builder.Password);
        Assert.AreEqual("db.example.org", builder.Host);
        Assert.AreEqual(5433, builder.Port);
        Assert.AreEqual("sweeps", builder.Database);
        Assert.AreEqual(SslMode.Require, builder.SslMode);
        Assert.AreEqual("mlnetcnn worker", builder.ApplicationName);
    }

    [TestMethod]
    public void Parse_HostAndDatabaseOnly_KeepsTheDefaults()
    {
        var builder = PostgresLocation.Parse("postgres://db.example.org/sweeps");

        Assert.AreEqual(("db.example.org", 5432, "sweeps"), (builder.Host, builder.Port, builder.Database));
        Assert.IsNull(builder.Username);
        Assert.IsNull(builder.Password);
    }

    [TestMethod]
    [DataRow("postgresql://sweeper:secret@db.example.org:5432", "expected a database name after the host")]
    [DataRow("postgresql://sweeper:secret@db.example.org/", "expected a database name after the host")]
    [DataRow("postgresql://sweeper:secret@db.example.org/sweeps?colour=blue", "the parameter 'colour' is not a connection setting")]
    [DataRow("db.example.org/sweeps", "expected postgresql://user:password@host:port/database")]
    [DataRow("postgresql://", "expected postgresql://user:password@host:port/database")]
    [DataRow("mysql://sweeper:secret@db.example.org/sweeps", "expected postgresql://user:password@host:port/database")]
    public void Parse_Malformed_SaysWhatIsWrongWithoutThePassword(string url, string expected)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => PostgresLocation.Parse(url));

        StringAssert.Contains(error.Message, expected);
        Assert.DoesNotContain("secret", error.Message);
    }

    [TestMethod]
    [DataRow("postgresql://sweeper:secret@db.example.org:5432/sweeps", "postgresql://sweeper:***@db.example.org:5432/sweeps")]
    [DataRow("postgresql://sweeper:se@cr:et@db.example.org/sweeps", "postgresql://sweeper:***@db.example.org/sweeps")]
    [DataRow("postgresql://sweeper@db.example.org:5432/sweeps", "postgresql://sweeper@db.example.org:5432/sweeps")]
    [DataRow("postgresql://db.example.org:5432/sweeps", "postgresql://db.example.org:5432/sweeps")]
    public void Redacted_HidesThePasswordOnly(string url, string expected)
    {
        Assert.AreEqual(expected, PostgresLocation.Redacted(url));
    }

    [TestMethod]
    public void Open_Folder_IsAFolderStoreNamedAfterTheFolder()
    {
        string folder = Path.Combine(SweepSamples.TempFolder(), "flowers");

        using var plain = SweepStores.Open(folder);
        using var trailing = SweepStores.Open(folder + Path.DirectorySeparatorChar, "ignored");
        using var url = SweepStores.Open(new Uri(folder).AbsoluteUri);

        foreach (var store in new[] { plain, trailing, url })
        {
            Assert.IsInstanceOfType<FolderSweepStore>(store);
            Assert.AreEqual("flowers", store.SweepName);
            StringAssert.Contains(store.Location, folder);
        }
        Assert.IsFalse(Directory.Exists(folder), "opening writes nothing");
    }

    [TestMethod]
    public void Open_PostgresUrlWithoutSweepName_AsksForOne()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => SweepStores.Open("postgresql://sweeper:secret@db.example.org/sweeps"));

        StringAssert.Contains(error.Message, "name one (--sweep NAME)");
        Assert.DoesNotContain("secret", error.Message);
        Assert.AreEqual("sweepName", error.ParamName);
    }

    [TestMethod]
    public void Open_PostgresUrlWithSweepName_IsAPostgresStoreWithoutThePasswordInItsLocation()
    {
        using var store = SweepStores.Open("postgresql://sweeper:secret@db.example.org:5433/sweeps", "flowers");

        Assert.IsInstanceOfType<PostgresSweepStore>(store);
        Assert.AreEqual("flowers", store.SweepName);
        Assert.AreEqual("postgresql://sweeper@db.example.org:5433/sweeps (sweep 'flowers')", store.Location);
    }
}

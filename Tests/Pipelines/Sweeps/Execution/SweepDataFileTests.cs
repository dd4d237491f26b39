using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Pipelines.Sweeps.Execution;
using MlNetCnn.Tests.Trainers;

namespace MlNetCnn.Tests.Pipelines.Sweeps.Execution;

[TestClass]
public sealed class SweepDataFileTests
{
    [TestMethod]
    public void Write_ThenOpen_GivesTheTrainersSchemaAndTheSameRows()
    {
        var fixture = new SweepFixture();
        var (train, validation) = SweepFixture.Featurized(new MLContext(1));
        var file = fixture.Data;

        Assert.IsTrue(file.IsBytes, "decoded-image values are stored as bytes");
        Assert.AreEqual(96, file.TrainRows);
        Assert.AreEqual(36, file.ValidationRows);
        CollectionAssert.AreEqual(SweepFixture.Classes, file.ClassNames.ToArray());
        foreach (var (original, read) in new[] { (train, file.Train), (validation, file.Validation) })
        {
            var label = read.Schema["Label"];
            Assert.AreEqual(new KeyDataViewType(typeof(uint), 6), label.Type);
            VBuffer<ReadOnlyMemory<char>> keyValues = default;
            label.GetKeyValues(ref keyValues);
            CollectionAssert.AreEqual(SweepFixture.Classes, keyValues.DenseValues().Select(v => v.ToString()).ToArray());
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3, 8, 8), read.Schema["Features"].Type);
            Assert.AreEqual(original.GetRowCount() ?? original.GetColumn<uint>("Label").Count(), read.GetRowCount());
            CollectionAssert.AreEqual(original.GetColumn<uint>("Label").ToArray(), read.GetColumn<uint>("Label").ToArray());
            var expected = original.GetColumn<float[]>("Features").ToArray();
            var actual = read.GetColumn<float[]>("Features").ToArray();
            for (int i = 0; i < expected.Length; i++)
                CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
        }
    }

    [TestMethod]
    public void Write_PixelsThatAreNotBytes_StoredAsFloatsExactly()
    {
        var ml = new MLContext(1);
        var rows = TensorRow.Make(12, SweepFixture.Classes, seed: 5);
        rows[7].Features[3] = 0.123456f;
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(rows));
        var data = keys.Transform(ml.Data.LoadFromEnumerable(rows));
        string path = Path.Combine(new SweepFixture().Folder, "floats.mlsweep");

        SweepDataFile.Write(path, data, data);
        var file = SweepDataFile.Open(path);

        Assert.IsFalse(file.IsBytes);
        var read = file.Validation.GetColumn<float[]>("Features").ToArray();
        for (int i = 0; i < rows.Count; i++)
            CollectionAssert.AreEqual(rows[i].Features, read[i], $"row {i}");
    }

    [TestMethod]
    public void Open_DamagedFile_IsRefusedNamingTheFile()
    {
        var fixture = new SweepFixture();
        byte[] bytes = File.ReadAllBytes(fixture.DataPath);
        bytes[bytes.Length / 2] ^= 0x10;
        string damaged = Path.Combine(fixture.Folder, "damaged.mlsweep");
        File.WriteAllBytes(damaged, bytes);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepDataFile.Open(damaged));

        StringAssert.Contains(error.Message, damaged);
        StringAssert.Contains(error.Message, "SHA-256");
    }

    [TestMethod]
    public void Open_TruncatedFile_IsRefusedNamingTheFile()
    {
        var fixture = new SweepFixture();
        string truncated = Path.Combine(fixture.Folder, "truncated.mlsweep");
        File.WriteAllBytes(truncated, File.ReadAllBytes(fixture.DataPath)[..20]);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => SweepDataFile.Open(truncated));

        StringAssert.Contains(error.Message, truncated);
    }

    [TestMethod]
    public void Write_ValidationWithOtherClasses_NamesBothClassLists()
    {
        var ml = new MLContext(1);
        IDataView Keyed(string[] classes) =>
            ml.Transforms.Conversion.MapValueToKey("Label").Fit(TensorRow.Load(ml, 12, classes, 1)).Transform(TensorRow.Load(ml, 12, classes, 1));

        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            SweepDataFile.Write(Path.Combine(new SweepFixture().Folder, "x.mlsweep"), Keyed(SweepFixture.Classes), Keyed(["a", "b"])));

        StringAssert.Contains(error.Message, "validation label 'Label' has classes [a, b]");
    }
}

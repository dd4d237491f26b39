using MlNetCnn.Trainers.Scoring;
using Onnx;

namespace MlNetCnn.Tests.Trainers.Scoring.Triton;

/// <summary><see cref="TritonConfig"/> on hand-made graphs: what it refuses, and how it writes types and variable dimensions.</summary>
[TestClass]
public sealed class TritonConfigTests
{
    [TestMethod]
    public void Read_FixedBatchDimension_RefusedNamingTheTensor()
    {
        var graph = Graph(Tensor("Features", TensorProto.Types.DataType.Float, "1", "3", "32", "32"), Tensor("Score", TensorProto.Types.DataType.Float, "N", "10"));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TritonConfig.Read(graph, "Score", "m", new TritonExportOptions(), "labels.txt"));

        StringAssert.Contains(error.Message, "'Features' has shape [1, 3, 32, 32]");
        StringAssert.Contains(error.Message, "dynamic first dimension");
    }

    [TestMethod]
    public void Read_Int64InputWithVariableDimension_TypeInt64AndMinusOne()
    {
        var graph = Graph(Tensor("Ids", TensorProto.Types.DataType.Int64, "N", "len"), Tensor("Score", TensorProto.Types.DataType.Float, "N", "4"));

        var config = TritonConfig.Read(graph, "Score", "m", new TritonExportOptions(), "labels.txt");

        Assert.AreEqual("TYPE_INT64", config.Inputs[0].DataType);
        CollectionAssert.AreEqual(new long[] { -1 }, config.Inputs[0].Dims.ToArray());
        StringAssert.Contains(config.ToText(), "label_filename: \"labels.txt\"");
    }

    [TestMethod]
    public void Read_Complex64Output_RefusedListingTheServedTypes()
    {
        var graph = Graph(Tensor("Features", TensorProto.Types.DataType.Float, "N", "3"), Tensor("Score", TensorProto.Types.DataType.Complex64, "N", "4"));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TritonConfig.Read(graph, "Score", "m", new TritonExportOptions(), "labels.txt"));

        StringAssert.Contains(error.Message, "'Score' has element type Complex64");
    }

    private static GraphProto Graph(ValueInfoProto input, ValueInfoProto output)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(input);
        graph.Output.Add(output);
        return graph;
    }

    /// <summary>A tensor whose dimensions are numbers (fixed) or names (variable).</summary>
    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params string[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (string dim in dims)
            shape.Dim.Add(long.TryParse(dim, out long value)
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}

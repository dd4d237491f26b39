using Google.Protobuf;
using Onnx;

namespace MlNetCnn.Transforms;

/// <summary>
/// The tiny ONNX graph at the end of the image chain: input <see cref="ImageTensorNames.DecodedPixelsColumn"/>
/// of shape <c>[1, L]</c> (L unknown, so OnnxTransformer accepts the variable-length vector of the decode
/// mapping) reshaped to a fixed <c>[C, H, W]</c> output named after the user's output column. The fixed
/// output shape makes the column a known-size <c>Vector&lt;Single, C, H, W&gt;</c> at Fit time and after Load.
/// </summary>
internal static class ReshapeGraph
{
    private const long IrVersion = 8;
    private const long Opset = 17;
    private const string ShapeInitializer = "MlNetCnn.ChwShape";

    /// <summary>The serialised ONNX model.</summary>
    public static byte[] Build(string outputName, int channels, int height, int width)
    {
        var shape = new TensorProto
        {
            Name = ShapeInitializer,
            DataType = (int)TensorProto.Types.DataType.Int64,
        };
        shape.Dims.Add(3);
        shape.Int64Data.Add([channels, height, width]);

        var reshape = new NodeProto { Name = "reshape_to_chw", OpType = "Reshape" };
        reshape.Input.Add(ImageTensorNames.DecodedPixelsColumn);
        reshape.Input.Add(ShapeInitializer);
        reshape.Output.Add(outputName);

        var graph = new GraphProto { Name = "MlNetCnn.ImageReshape" };
        graph.Node.Add(reshape);
        graph.Initializer.Add(shape);
        graph.Input.Add(FloatTensor(ImageTensorNames.DecodedPixelsColumn, Dim(1), new TensorShapeProto.Types.Dimension { DimParam = "L" }));
        graph.Output.Add(FloatTensor(outputName, Dim(channels), Dim(height), Dim(width)));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MlNetCnn.Transforms",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static ValueInfoProto FloatTensor(string name, params TensorShapeProto.Types.Dimension[] dims)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.Add(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = tensorShape,
                },
            },
        };
    }
}

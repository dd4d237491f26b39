using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>ONNX tensor element types and Triton's names for them, as Triton's ONNX Runtime backend pairs them.</summary>
internal static class TritonDataTypes
{
    private static readonly Dictionary<DataType, string> Names = new()
    {
        [DataType.Float] = "TYPE_FP32",
        [DataType.Float16] = "TYPE_FP16",
        [DataType.Bfloat16] = "TYPE_BF16",
        [DataType.Double] = "TYPE_FP64",
        [DataType.Int8] = "TYPE_INT8",
        [DataType.Int16] = "TYPE_INT16",
        [DataType.Int32] = "TYPE_INT32",
        [DataType.Int64] = "TYPE_INT64",
        [DataType.Uint8] = "TYPE_UINT8",
        [DataType.Uint16] = "TYPE_UINT16",
        [DataType.Uint32] = "TYPE_UINT32",
        [DataType.Uint64] = "TYPE_UINT64",
        [DataType.Bool] = "TYPE_BOOL",
        [DataType.String] = "TYPE_STRING",
    };

    /// <summary>Triton's name for the element type of <paramref name="tensor"/>.</summary>
    /// <exception cref="InvalidDataException">Triton has no such type (complex numbers, 8-bit floats, ...).</exception>
    public static string Of(ValueInfoProto tensor)
    {
        var type = (DataType)tensor.Type.TensorType.ElemType;
        return Names.TryGetValue(type, out string? name)
            ? name
            : throw new InvalidDataException(
                $"The ONNX tensor '{tensor.Name}' has element type {type}, which Triton does not serve; expected one of: " +
                $"{string.Join(", ", Names.Keys)}.");
    }
}

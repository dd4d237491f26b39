namespace MlNetCnn.Models.Onnx;

/// <summary>
/// A tensor flowing through the graph being exported: its ONNX name and its shape for one image
/// (the batch dimension is written as 1 here and exported as the dynamic dimension <c>batch</c>).
/// </summary>
/// <param name="Name">The ONNX value name.</param>
/// <param name="Shape">The shape with a batch of one, for example <c>[1, 64, 32, 32]</c>.</param>
public sealed record OnnxValue(string Name, long[] Shape)
{
    /// <summary>The number of channels (dimension 1).</summary>
    public long Channels => Shape[1];

    /// <summary>The height (dimension 2) of an NCHW value.</summary>
    public long Height => Shape[2];

    /// <summary>The width (dimension 3) of an NCHW value.</summary>
    public long Width => Shape[3];
}

using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetCnn.Transforms.Mappings;

/// <summary>
/// Output row of the decode mappings: the CHW pixels as a variable-length vector. Part of the saved-model
/// contract of <see cref="ImageTensorTransformer"/>; not meant to be used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DecodedPixels
{
    /// <summary>The decoded image, CHW, values 0–1.</summary>
    [ColumnName(ImageTensorNames.DecodedPixelsColumn)]
    public float[] Pixels { get; set; } = [];

    /// <summary>
    /// The pixel buffer resized to <paramref name="length"/>. ML.NET reuses one output row per cursor and
    /// copies the array out, so the buffer is reused from row to row.
    /// </summary>
    internal float[] Buffer(int length)
    {
        if (Pixels.Length != length)
            Pixels = new float[length];
        return Pixels;
    }
}

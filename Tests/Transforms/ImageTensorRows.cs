using Microsoft.ML.Data;

namespace MlNetCnn.Tests.Transforms;

/// <summary>An input row with an image path.</summary>
public sealed class PathRow
{
    public string ImagePath { get; set; } = "";
}

/// <summary>An input row with encoded image bytes.</summary>
public sealed class BytesRow
{
    public byte[] ImageBytes { get; set; } = [];
}

/// <summary>An input row whose would-be image column has the wrong type.</summary>
public sealed class NumberRow
{
    public float ImagePath { get; set; }
}

/// <summary>The output of the image transform.</summary>
public sealed class TensorRow
{
    [ColumnName("Features")]
    public float[] Features { get; set; } = [];
}

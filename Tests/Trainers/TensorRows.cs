using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Tests.Trainers;

/// <summary>Rows of 3×8×8 tensors whose class is visible in the mean colour: learnable in one epoch.</summary>
internal sealed class TensorRow
{
    public string Label { get; set; } = "";

    [VectorType(3, 8, 8)]
    public float[] Features { get; set; } = Array.Empty<float>();

    public static List<TensorRow> Make(int count, string[] classes, int seed)
    {
        var random = new Random(seed);
        var rows = new List<TensorRow>();
        for (int i = 0; i < count; i++)
        {
            int c = i % classes.Length;
            var pixels = new float[3 * 8 * 8];
            for (int p = 0; p < pixels.Length; p++)
            {
                int channel = p / 64;
                int level = (channel == c % 3 ? 180 : 60) + random.Next(-40, 40);
                pixels[p] = level / 255f;
            }
            rows.Add(new TensorRow { Label = classes[c], Features = pixels });
        }
        return rows;
    }

    public static IDataView Load(MLContext ml, int count, string[] classes, int seed) => ml.Data.LoadFromEnumerable(Make(count, classes, seed));
}


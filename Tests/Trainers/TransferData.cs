using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Trainers.Scoring;
using Onnx;
using MlNetCnn.Models.Registry;
using MlNetCnn.Models.Weights;
using static TorchSharp.torch;

namespace MlNetCnn.Tests.Trainers;

/// <summary>A registered network's random weights saved as safetensors, with the values by key; the file is deleted on dispose.</summary>
internal sealed class WeightsFile : IDisposable
{
    public WeightsFile(string architecture, int classes, int size = 16)
    {
        manual_seed(11);
        using var network = ArchitectureRegistry.Create(architecture, new ModelSpec(3, classes, size));
        WeightSaver.Save(network, Path);
        Values = network.state_dict().ToDictionary(p => p.Key, p => p.Value.to_type(ScalarType.Float32).data<float>().ToArray());
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlnetcnn-{Guid.NewGuid():N}.safetensors");

    public Dictionary<string, float[]> Values { get; }

    public void Dispose() => File.Delete(Path);
}

/// <summary>Square colour images whose class is the brightest third of the rows, at any size: learnable from few images.</summary>
internal sealed class SquareImageRow
{
    public string Label { get; set; } = "";

    public float[] Features { get; set; } = Array.Empty<float>();

    public static IEnumerable<SquareImageRow> Make(int count, string[] classes, int size, int channels = 3) => Enumerable.Range(0, count).Select(i => new SquareImageRow
    {
        Label = classes[i % classes.Length],
        Features = Enumerable.Range(0, channels * size * size)
            .Select(p => p % (size * size) * classes.Length / (size * size) == i % classes.Length ? 0.8f : 0.2f + (p * 7 + i) % 13 / 100f).ToArray(),
    });

    /// <summary>The rows as a data view whose image column is <c>Vector&lt;Single, channels, size, size&gt;</c>.</summary>
    public static IDataView Load(MLContext ml, int count, string[] classes, int size, int channels = 3)
    {
        var schema = SchemaDefinition.Create(typeof(SquareImageRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels, size, size);
        return ml.Data.LoadFromEnumerable(Make(count, classes, size, channels), schema);
    }
}

/// <summary>A trained model's ONNX initializers (the state dict as exported) by name.</summary>
internal static class ScoringInitializers
{
    public static Dictionary<string, (long[] Shape, float[] Values)> Read(ImageClassificationTransformer model) =>
        ModelProto.Parser.ParseFrom(model.OnnxModel.ToArray()).Graph.Initializer.ToDictionary(i => i.Name,
            i => (i.Dims.ToArray(), i.FloatData.Count > 0 ? i.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(i.RawData.Span).ToArray()));
}

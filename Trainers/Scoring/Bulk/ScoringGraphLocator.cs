using System.IO.Compression;
using Microsoft.ML;
using Onnx;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Finds the ONNX scoring graph of a model: directly in an <see cref="ImageClassificationTransformer"/> of a freshly fitted
/// model, or — in a model loaded with <c>mlContext.Model.Load</c>, where it is an ML.NET <c>OnnxTransformer</c> whose graph
/// ML.NET does not expose — in the model's saved form: ML.NET's own <c>Model.Save</c> into memory writes each ONNX graph as a
/// binary stream named <c>OnnxModel</c> (a 32-bit length, then the bytes), the same zip entries as in <c>model.zip</c>.
/// </summary>
internal static class ScoringGraphLocator
{
    private const string OnnxStreamName = "OnnxModel";

    /// <exception cref="ArgumentException">The model holds no MlNetCnn scoring graph; the message says what it holds.</exception>
    public static ScoringGraph Find(ITransformer model)
    {
        if (Flatten(model).OfType<ImageClassificationTransformer>().FirstOrDefault() is { } fitted)
            return ScoringGraph.Read(fitted.OnnxModel.ToArray());

        var graphs = SavedOnnxGraphs(model).ToList();
        foreach (byte[] graph in graphs)
        {
            if (ScoringGraph.IsScoringGraph(ModelProto.Parser.ParseFrom(graph)))
                return ScoringGraph.Read(graph);
        }
        throw new ArgumentException(
            $"The model holds no MlNetCnn image classifier: expected the ONNX scoring graph of an MlNetCnn trainer (an output named " +
            $"'{FirstSlotMapping.InputColumn}'), found {graphs.Count} other ONNX graph(s). Score a model trained by an MlNetCnn trainer " +
            "(saved with mlContext.Model.Save).", nameof(model));
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];

    private static IEnumerable<byte[]> SavedOnnxGraphs(ITransformer model)
    {
        using var saved = new MemoryStream();
        new MLContext().Model.Save(model, inputSchema: null, saved);
        saved.Position = 0;
        using var zip = new ZipArchive(saved, ZipArchiveMode.Read);
        var graphs = new List<byte[]>();
        foreach (var entry in zip.Entries.Where(e => e.Name == OnnxStreamName))
        {
            using var reader = new BinaryReader(entry.Open());
            int length = reader.ReadInt32();
            byte[] bytes = reader.ReadBytes(length);
            if (bytes.Length != length)
                throw new InvalidDataException($"The saved ONNX graph '{entry.FullName}' holds {bytes.Length} bytes; its header says {length}.");
            graphs.Add(bytes);
        }
        return graphs;
    }
}

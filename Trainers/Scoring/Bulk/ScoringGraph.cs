using Onnx;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// What bulk scoring needs of a trained model's ONNX scoring graph (see <see cref="ImageClassificationTransformer.OnnxModel"/>):
/// its input <c>[batch, C, H, W]</c> (pixels 0–1), its probability output <c>[batch, K]</c> and the class names, read from
/// the graph itself — the string constant that the class-name output gathers from.
/// </summary>
/// <param name="OnnxModel">The serialized graph.</param>
/// <param name="InputName">The image input.</param>
/// <param name="ScoreName">The probability output.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="ClassNames">Class names in key order.</param>
internal sealed record ScoringGraph(byte[] OnnxModel, string InputName, string ScoreName, int Channels, int Height, int Width,
    IReadOnlyList<string> ClassNames)
{
    /// <summary>Floats in one image.</summary>
    public int ImageLength => Channels * Height * Width;

    /// <summary>True when <paramref name="onnxModel"/> is an MlNetCnn scoring graph (it has the predicted-class-name output).</summary>
    public static bool IsScoringGraph(ModelProto onnxModel) =>
        onnxModel.Graph.Output.Any(output => output.Name == FirstSlotMapping.InputColumn);

    /// <summary>Reads a scoring graph.</summary>
    /// <exception cref="InvalidDataException">The graph is not an MlNetCnn scoring graph; the message says what is missing.</exception>
    public static ScoringGraph Read(byte[] onnxModel)
    {
        var model = ModelProto.Parser.ParseFrom(onnxModel);
        var graph = model.Graph;
        if (!IsScoringGraph(model))
            throw Invalid($"it has no '{FirstSlotMapping.InputColumn}' output (outputs: {string.Join(", ", graph.Output.Select(o => o.Name))})");
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var inputs = graph.Input.Where(i => !initializers.ContainsKey(i.Name)).ToArray();
        if (inputs.Length != 1)
            throw Invalid($"it has {inputs.Length} inputs; expected one image input");
        long[] dims = inputs[0].Type.TensorType.Shape.Dim.Select(d => d.DimValue).ToArray();
        if (dims.Length != 4 || dims.Skip(1).Any(d => d <= 0))
            throw Invalid($"its input '{inputs[0].Name}' has shape [{string.Join(", ", dims)}]; expected [batch, C, H, W]");
        var scores = graph.Output.Where(o => o.Name != FirstSlotMapping.InputColumn).ToArray();
        if (scores.Length != 1)
            throw Invalid($"it has {scores.Length} probability outputs; expected one");
        return new ScoringGraph(onnxModel, inputs[0].Name, scores[0].Name, (int)dims[1], (int)dims[2], (int)dims[3], ClassNamesOf(graph, initializers));
    }

    private static IReadOnlyList<string> ClassNamesOf(GraphProto graph, Dictionary<string, TensorProto> initializers)
    {
        var gather = graph.Node.FirstOrDefault(n => n.Output.Contains(FirstSlotMapping.InputColumn) && n.OpType == "Gather")
            ?? throw Invalid($"no Gather node produces '{FirstSlotMapping.InputColumn}'");
        if (!initializers.TryGetValue(gather.Input[0], out var names) || names.DataType != (int)TensorProto.Types.DataType.String)
            throw Invalid($"the class names '{gather.Input[0]}' are not a string constant");
        return names.StringData.Select(s => s.ToStringUtf8()).ToArray();
    }

    private static InvalidDataException Invalid(string problem) =>
        new($"The ONNX graph is not an MlNetCnn scoring graph: {problem}. Score a model trained by an MlNetCnn trainer.");
}

using Onnx;

namespace MlNetCnn.Models.Onnx;

/// <summary>
/// Folds an inference-mode BatchNormalization into the Conv that feeds it, when the Conv's output
/// goes nowhere else: <c>W' = W·γ/√(σ²+ε)</c>, <c>b' = (b−μ)·γ/√(σ²+ε) + β</c>. Exact up to float rounding,
/// and one operator fewer per convolution at inference.
/// </summary>
internal static class BatchNormFolding
{
    public static void Apply(OnnxExportContext context, ISet<string> graphOutputs)
    {
        var nodes = context.Nodes;
        var consumers = nodes.SelectMany(n => n.Input).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var producers = nodes.Where(n => n.Output.Count == 1).ToDictionary(n => n.Output[0]);
        var initializers = context.FloatInitializers;

        foreach (var bn in nodes.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            if (!producers.TryGetValue(bn.Input[0], out var conv) || conv.OpType != "Conv") continue;
            if (consumers[conv.Output[0]] != 1 || graphOutputs.Contains(conv.Output[0])) continue;
            if (!bn.Input.Skip(1).All(initializers.ContainsKey) || !initializers.ContainsKey(conv.Input[1])) continue;

            float epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            float[] gamma = initializers[bn.Input[1]].Values, beta = initializers[bn.Input[2]].Values;
            float[] mean = initializers[bn.Input[3]].Values, variance = initializers[bn.Input[4]].Values;
            var weight = initializers[conv.Input[1]];
            float[]? bias = conv.Input.Count > 2 ? initializers[conv.Input[2]].Values : null;

            int outChannels = gamma.Length, perChannel = weight.Values.Length / outChannels;
            var foldedWeight = new float[weight.Values.Length];
            var foldedBias = new float[outChannels];
            for (int o = 0; o < outChannels; o++)
            {
                double factor = gamma[o] / Math.Sqrt((double)variance[o] + epsilon);
                for (int i = 0; i < perChannel; i++)
                    foldedWeight[o * perChannel + i] = (float)(weight.Values[o * perChannel + i] * factor);
                foldedBias[o] = (float)(((bias?[o] ?? 0.0) - mean[o]) * factor + beta[o]);
            }

            string weightName = context.UniqueName(conv.Input[1] + "_bn_folded");
            string biasName = context.UniqueName(bn.Input[2] + "_bn_folded");
            initializers[weightName] = new FloatInitializer(weight.Dims, foldedWeight);
            initializers[biasName] = new FloatInitializer(new long[] { outChannels }, foldedBias);
            conv.Input[1] = weightName;
            if (conv.Input.Count > 2) conv.Input[2] = biasName; else conv.Input.Add(biasName);
            conv.Output[0] = bn.Output[0];
            nodes.Remove(bn);
        }

        var used = new HashSet<string>(nodes.SelectMany(n => n.Input));
        foreach (string unused in initializers.Keys.Where(k => !used.Contains(k)).ToList())
            initializers.Remove(unused);
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNetCnn.Tests.Support;

/// <summary>Runs an ONNX graph on the CPU with ONNX Runtime and returns one float output.</summary>
internal static class OnnxRunner
{
    public static float[] Run(byte[] model, string inputName, float[] input, int[] shape, string outputName)
    {
        using var session = new InferenceSession(model);
        var tensor = new DenseTensor<float>(input, shape);
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(inputName, tensor) });
        return results.First(r => r.Name == outputName).AsEnumerable<float>().ToArray();
    }
}

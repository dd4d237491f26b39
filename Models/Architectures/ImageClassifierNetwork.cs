using MlNetCnn.Models.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// The base of every network in the registry: an image classifier from <c>[batch, C, H, W]</c> images to
/// <c>[batch, K]</c> logits, which writes its own ONNX graph.
/// </summary>
public abstract class ImageClassifierNetwork : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>Creates the network with the given module name.</summary>
    protected ImageClassifierNetwork(string name) : base(name) { }

    /// <inheritdoc />
    public abstract OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input);
}

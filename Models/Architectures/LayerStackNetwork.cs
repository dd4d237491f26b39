using MlNetCnn.Models.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// The trunk of the plain feed-forward families (LeNet-5, CifarNet, AlexNet, VGG, NiN): named layers applied in
/// order, with one forward and one ONNX export for all of them. The names are the children's state-dict
/// prefixes (torchvision's <c>features</c>/<c>avgpool</c>/<c>classifier</c>, or <c>0</c>…<c>11</c> for an
/// <c>nn.Sequential</c>), so checkpoints map key for key. Each family derives from it and builds its layers
/// from its variant record.
/// </summary>
public abstract class LayerStackNetwork : ImageClassifierNetwork
{
    private readonly IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Layer)> _layers;

    /// <summary>Registers <paramref name="layers"/> as children, in order, under their names.</summary>
    protected LayerStackNetwork(string name, IEnumerable<(string Name, nn.Module<Tensor, Tensor> Layer)> layers) : base(name)
    {
        _layers = layers.ToList();
        foreach (var (childName, layer) in _layers)
            register_module(childName, layer);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        foreach (var (_, layer) in _layers)
            x = layer.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override OnnxValue ExportOnnx(OnnxExportContext context, OnnxValue input)
    {
        foreach (var (name, layer) in _layers)
            input = context.Export(layer, name, input);
        return input;
    }
}

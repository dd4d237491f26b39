using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// torchvision's VGG initialisation: ResNet's for convolutions and BatchNorm, convolution biases 0,
/// fully-connected weights from N(0, 0.01²) and biases 0.
/// </summary>
internal static class VggInit
{
    public static void Apply(Module network)
    {
        ResNetInit.Apply(network);
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Conv2d { bias: not null } conv:
                    init.zeros_(conv.bias);
                    break;
                case Linear linear:
                    init.normal_(linear.weight, 0, 0.01);
                    if (linear.bias is not null) init.zeros_(linear.bias);
                    break;
            }
        }
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>
/// The shape of torchvision's initialisation loops: every BatchNorm γ = 1, β = 0, and a family-specific
/// initialisation of every convolution and fully-connected layer.
/// </summary>
internal static class WeightInit
{
    public static void Apply(Module network, Action<Conv2d> conv, Action<Linear> linear)
    {
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Conv2d c:
                    conv(c);
                    break;
                case Linear l:
                    linear(l);
                    break;
                case BatchNorm2d bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
            }
        }
    }
}

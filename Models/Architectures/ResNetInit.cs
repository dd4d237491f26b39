using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace MlNetCnn.Models.Architectures;

/// <summary>torchvision's ResNet initialisation: Kaiming-normal (fan-out, ReLU) convolutions, BatchNorm γ=1, β=0.</summary>
internal static class ResNetInit
{
    public static void Apply(Module network)
    {
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
            }
        }
    }
}

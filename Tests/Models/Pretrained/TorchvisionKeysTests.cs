using System.Text.RegularExpressions;
using MlNetCnn.Models.Pretrained;
using MlNetCnn.Models.Registry;

namespace MlNetCnn.Tests.Models.Pretrained;

[TestClass]
public sealed class TorchvisionKeysTests
{
    [TestMethod]
    public void DenseNet_OldNamesOfTheRegistryNetwork_BecomeItsKeys()
    {
        using var network = ArchitectureRegistry.Create("densenet121", new ModelSpec(3, 1000, 224));
        var keys = network.state_dict().Keys.Where(k => !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        // torchvision's old files write "norm.1.weight" where the network has "norm1.weight".
        var old = keys.Select(k => Regex.Replace(k, @"(denselayer\d+\.(?:norm|conv))([12])\.", "$1.$2.")).ToList();

        Assert.IsTrue(old.Count(k => k.Contains(".norm.1.", StringComparison.Ordinal)) > 0);
        CollectionAssert.AreEqual(keys, old.Select(TorchvisionKeys.DenseNet).ToList());
    }

    [TestMethod]
    public void GoogLeNet_KeysOfTheRegistryNetwork_AreKept()
    {
        using var network = ArchitectureRegistry.Create("googlenet", new ModelSpec(3, 1000, 224));
        var keys = network.state_dict().Keys.ToList();

        CollectionAssert.AreEqual(keys, keys.Select(TorchvisionKeys.GoogLeNet).ToList());
        Assert.IsNull(TorchvisionKeys.GoogLeNet("aux1.fc2.weight"));
        Assert.IsNull(TorchvisionKeys.GoogLeNet("aux2.conv.bn.running_var"));
    }
}

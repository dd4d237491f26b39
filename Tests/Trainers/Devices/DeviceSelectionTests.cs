using MlNetCnn.Trainers.Devices;
using TorchSharp;

namespace MlNetCnn.Tests.Trainers.Devices;

[TestClass]
public sealed class DeviceSelectionTests
{
    [TestMethod]
    public void Select_AutoWithCuda_UsesCudaDevice()
    {
        var device = DeviceSelection.Select(TrainingDevice.Auto, cudaDeviceCount: 2, cudaDeviceIndex: 1, backend: "test");
        Assert.AreEqual(DeviceType.CUDA, device.Type);
        Assert.AreEqual("cuda:1", device.ToString());
    }

    [TestMethod]
    public void Select_AutoWithoutCuda_FallsBackToCpuAndSaysWhy()
    {
        var device = DeviceSelection.Select(TrainingDevice.Auto, cudaDeviceCount: 0, cudaDeviceIndex: 0, backend: "TorchSharp-cpu");
        Assert.AreEqual("cpu", device.ToString());
        StringAssert.Contains(device.Reason, "no CUDA device is available (TorchSharp-cpu)");
    }

    [TestMethod]
    public void Select_CudaWithoutCuda_FailsNamingTheFix()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DeviceSelection.Select(TrainingDevice.Cuda, 0, 0, "TorchSharp-cpu"));
        StringAssert.Contains(error.Message, "Device = Cuda was requested");
        StringAssert.Contains(error.Message, "MlNetCnnTorchBackend=cuda");
    }

    [TestMethod]
    public void Select_CudaIndexBeyondDevices_Fails()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DeviceSelection.Select(TrainingDevice.Cuda, 1, 3, "test"));
        StringAssert.Contains(error.Message, "CUDA device 3 does not exist (1 device(s))");
    }

    [TestMethod]
    public void Select_CpuWithCuda_UsesCpu() =>
        Assert.AreEqual("cpu", DeviceSelection.Select(TrainingDevice.Cpu, 4, 0, "test").ToString());

    [TestMethod]
    public void Select_ThisMachine_AgreesWithTorchSharp()
    {
        var device = DeviceSelection.Select(TrainingDevice.Auto);
        Assert.AreEqual(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.Type);
    }

    [TestMethod]
    public void Choose_ScoringOnCpuRequested_DoesNotProbeCuda() =>
        Assert.AreEqual((null as int?, "cpu"), OnnxRuntimeDevice.Choose(preferCuda: false, gpuDeviceId: 0));

    [TestMethod]
    public void Choose_CudaPreferred_UsesCudaOnlyWhenTheProviderLoads()
    {
        bool available = OnnxRuntimeDevice.IsCudaAvailable(0, out string reason);
        var (gpu, description) = OnnxRuntimeDevice.Choose(preferCuda: true, gpuDeviceId: 0);
        if (available)
        {
            Assert.AreEqual(0, gpu);
            Assert.AreEqual("cuda:0", description);
        }
        else
        {
            Assert.IsNull(gpu);
            StringAssert.StartsWith(description, "cpu (ONNX Runtime CUDA provider unavailable: ");
            StringAssert.Contains(description, reason);
        }
    }
}

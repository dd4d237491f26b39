using Microsoft.ML.OnnxRuntime;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Scoring;

namespace MlNetCnn.Tests.Trainers.Devices;

[TestClass]
public sealed class ScoringDeviceSelectionTests
{
    [TestMethod]
    public void Select_AutoWithCuda_UsesTheRequestedCudaDevice()
    {
        var device = ScoringDeviceSelection.Select(ScoringDevice.Auto, 1, cudaAvailable: true, "available");

        Assert.IsTrue(device.UseCuda);
        Assert.AreEqual("cuda:1", device.Description);
    }

    [TestMethod]
    public void Select_AutoWithoutCuda_FallsBackToCpuWithTheReason()
    {
        var device = ScoringDeviceSelection.Select(ScoringDevice.Auto, 0, cudaAvailable: false, "libcublasLt.so.13 not found");

        Assert.IsFalse(device.UseCuda);
        Assert.AreEqual("cpu (ONNX Runtime CUDA provider unavailable: libcublasLt.so.13 not found)", device.Description);
    }

    [TestMethod]
    public void Select_CudaWithoutCuda_ThrowsNamingTheOptionAndReason()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() =>
            ScoringDeviceSelection.Select(ScoringDevice.Cuda, 0, cudaAvailable: false, "libcublasLt.so.13 not found"));

        StringAssert.Contains(error.Message, "Device = Cuda");
        StringAssert.Contains(error.Message, "libcublasLt.so.13 not found");
        StringAssert.Contains(error.Message, "Device = Auto");
    }

    [TestMethod]
    public void Select_CpuWithCuda_UsesTheCpu()
    {
        Assert.IsFalse(ScoringDeviceSelection.Select(ScoringDevice.Cpu, 0, cudaAvailable: true, "available").UseCuda);
    }

    [TestMethod]
    public void Select_AutoOnThisMachine_ReportsTheDeviceItUses()
    {
        var device = ScoringDeviceSelection.Select(ScoringDevice.Auto, 0);

        Assert.AreEqual(device.UseCuda, OnnxRuntimeDevice.IsCudaAvailable(0, out _));
        StringAssert.StartsWith(device.Description, device.UseCuda ? "cuda:0" : "cpu");
    }

    [TestMethod]
    public void CreateSessionOptions_Cpu_CarriesThreadsAndOptimisationLevel()
    {
        var options = new ImageClassifierScorerOptions { IntraOpThreads = 2, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };

        using var session = OnnxBatchSession.CreateSessionOptions(new SelectedScoringDevice(false, 0, "cpu"), options);

        Assert.AreEqual(2, session.IntraOpNumThreads);
        Assert.AreEqual(GraphOptimizationLevel.ORT_ENABLE_BASIC, session.GraphOptimizationLevel);
    }

    [TestMethod]
    public void CreateSessionOptions_CudaOnMachineWithoutIt_FailsInOnnxRuntimeNotSilently()
    {
        if (OnnxRuntimeDevice.IsCudaAvailable(0, out _))
            Assert.Inconclusive("This machine has CUDA; the test checks the CUDA branch where it cannot load.");

        Assert.Throws<Exception>(() =>
            OnnxBatchSession.CreateSessionOptions(new SelectedScoringDevice(true, 0, "cuda:0"), new ImageClassifierScorerOptions()));
    }
}

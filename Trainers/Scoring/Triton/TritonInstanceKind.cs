namespace MlNetCnn.Trainers.Scoring;

/// <summary>Where Triton runs the model's instances: the <c>kind</c> of the <c>instance_group</c> in <c>config.pbtxt</c>.</summary>
public enum TritonInstanceKind
{
    /// <summary><c>KIND_GPU</c>: on a GPU, with ONNX Runtime's CUDA provider (Triton refuses to load the model on a server without one).</summary>
    Gpu = 0,

    /// <summary><c>KIND_CPU</c>: on the CPU.</summary>
    Cpu = 1,
}

namespace MlNetCnn.Pipelines.DataSets;

/// <summary>Which part of a classic data set to load.</summary>
public enum DataSetSplit
{
    /// <summary>The training part (CIFAR-10 <c>data_batch_1..5</c>, MNIST <c>train-*</c>).</summary>
    Train,

    /// <summary>The test part (CIFAR-10 <c>test_batch</c>, MNIST <c>t10k-*</c>).</summary>
    Test,
}

using MlNetCnn.Trainers.Training;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>What a trainer produced: architecture, input, normalisation, devices and history.</summary>
/// <param name="Architecture">The registry name of the network.</param>
/// <param name="Channels">Input channels.</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="Mean">Per-channel mean used for normalisation (0–1 scale).</param>
/// <param name="Std">Per-channel standard deviation used for normalisation.</param>
/// <param name="ClassNames">Class names in key order.</param>
/// <param name="TrainingDevice">Where training ran.</param>
/// <param name="ScoringDevice">Where ONNX Runtime scores, with the reason when CUDA is not used.</param>
/// <param name="History">Per-epoch metrics.</param>
/// <param name="TrainingRows">Rows trained on.</param>
/// <param name="SkippedRows">Rows skipped for a missing label.</param>
/// <param name="TrainSeconds">Wall time of Fit, from reading the data to the exported model.</param>
/// <param name="DataLoadSeconds">The part of <paramref name="TrainSeconds"/> spent reading the image column into memory
/// (decoding through the upstream transforms included) and computing the channel statistics.</param>
/// <param name="ValidationRows">Rows scored after each epoch (held out or given to <c>Fit</c>); 0 without validation.</param>
/// <param name="BestEpoch">The epoch whose weights the model carries: the best by the monitored validation metric, or the
/// last epoch without validation or with <c>RestoreBestWeights</c> off.</param>
/// <param name="StoppedEarly">True when early stopping ended the run before its last epoch.</param>
/// <param name="ResumedAfterEpoch">The epoch of the checkpoint the run resumed from; 0 for a fresh run.</param>
public sealed record TrainedModelInfo(
    string Architecture, int Channels, int Height, int Width, float[] Mean, float[] Std, IReadOnlyList<string> ClassNames,
    string TrainingDevice, string ScoringDevice, IReadOnlyList<EpochMetrics> History, long TrainingRows, long SkippedRows, double TrainSeconds,
    double DataLoadSeconds, long ValidationRows, int BestEpoch, bool StoppedEarly, int ResumedAfterEpoch)
{
    /// <summary>The recipe the run trained with (optimiser, rate, schedule, batch, augmentation), the architecture's for every option left unset.</summary>
    public string? Recipe { get; init; }

    /// <summary>True when the run stopped at <c>PauseAfterEpoch</c>, before its last epoch: its checkpoint can go on.</summary>
    public bool Paused { get; init; }

    /// <summary>Epochs in <see cref="History"/>, those before a resume included.</summary>
    public int EpochsRun => History.Count;
}

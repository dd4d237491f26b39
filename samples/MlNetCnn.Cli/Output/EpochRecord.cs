namespace MlNetCnn.Cli.Output;

/// <summary>One training epoch as the tool reports it (a row of history.csv).</summary>
internal sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double Seconds, double ImagesPerSecond);

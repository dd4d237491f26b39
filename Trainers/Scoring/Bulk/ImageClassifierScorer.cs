using Microsoft.ML;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Transforms;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>
/// Scores many images with a trained or loaded MlNetCnn image classifier, fast: images are read, decoded and resized in
/// parallel on the CPU while ONNX Runtime scores the previous batch, and ONNX Runtime gets whole batches
/// (<see cref="ImageClassifierScorerOptions.BatchSize"/>) instead of ML.NET's one row per call. Predictions stream back in
/// input order; an image that cannot be read or decoded gives a failed prediction naming the file and the reason, and the
/// others are still scored (unless <see cref="ImageClassifierScorerOptions.StopOnFirstError"/>).
/// Create it with <see cref="ScoringCatalog.CreateImageClassifierScorer"/>.
/// </summary>
/// <remarks>
/// The scores equal those of the model's <c>Transform</c> (same decoding, same ONNX graph). The scorer is safe to use from
/// several threads; each <c>Score</c> call has its own buffers. Dispose it to release the ONNX Runtime session.
/// </remarks>
/// <example>
/// <code>
/// var model = mlContext.Model.Load("model.zip", out _);
/// using var scorer = mlContext.Model.CreateImageClassifierScorer(model);
/// foreach (var p in scorer.Score(Directory.EnumerateFiles("photos", "*.jpg")))
///     Console.WriteLine(p.Succeeded ? $"{p.ImagePath}: {p.PredictedLabel} {p.Probability:P1}" : p.Error);
/// </code>
/// </example>
public sealed class ImageClassifierScorer : IDisposable
{
    private readonly ImageClassifierScorerOptions _options;
    private readonly ScoringGraph _graph;
    private readonly OnnxBatchSession _session;
    private readonly BatchDecoder _decoder;

    internal ImageClassifierScorer(ITransformer model, ImageClassifierScorerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = (options ?? new ImageClassifierScorerOptions()).Validated();
        _graph = ScoringGraphLocator.Find(model);
        ImageStep = ImageTensorStep.Find(model);
        if (ImageStep is { Settings: var settings } && (settings.Channels, settings.Height, settings.Width) != (_graph.Channels, _graph.Height, _graph.Width))
            throw new ArgumentException(
                $"The model's image step makes {settings.Channels}×{settings.Height}×{settings.Width} tensors but its network takes " +
                $"{_graph.Channels}×{_graph.Height}×{_graph.Width}; the model is inconsistent.", nameof(model));
        _session = new OnnxBatchSession(_graph, _options);
        _decoder = new BatchDecoder(ImageStep, _options.ImageFolder ?? ImageStep?.ImageFolder, _graph.ImageLength, _options.DecodeThreads);
    }

    /// <summary>Class names in key order: the order of <see cref="ImagePrediction.Scores"/>.</summary>
    public IReadOnlyList<string> ClassNames => _graph.ClassNames;

    /// <summary>How the model turns an image into a tensor; null when the model has no image step (it scores tensors only).</summary>
    public ImageTensorStep? ImageStep { get; }

    /// <summary>The network's input: channels, height, width.</summary>
    public (int Channels, int Height, int Width) InputShape => (_graph.Channels, _graph.Height, _graph.Width);

    /// <summary>The device ONNX Runtime scores on: <c>cuda:N</c>, or <c>cpu</c> with the reason when CUDA was wanted but is not used.</summary>
    public SelectedScoringDevice Device => _session.Device;

    /// <summary>Scores image files (relative paths against <see cref="ImageClassifierScorerOptions.ImageFolder"/> or the model's image folder).</summary>
    /// <param name="imagePaths">The files, read lazily in batches.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One prediction per path, in order, with <see cref="ImagePrediction.ImagePath"/> set.</returns>
    /// <exception cref="InvalidOperationException">The model has no image step (it was trained on tensors).</exception>
    /// <exception cref="ImageLoadException">With <see cref="ImageClassifierScorerOptions.StopOnFirstError"/>: an image could not be read or decoded.</exception>
    public IEnumerable<ImagePrediction> Score(IEnumerable<string> imagePaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        RequireImageStep();
        return Run(imagePaths.Select((path, row) => new ScoringInput(row, Path: path)), cancellationToken);
    }

    /// <summary>Scores encoded images (the bytes of PNG, JPEG, ... files).</summary>
    /// <param name="encodedImages">The images, read lazily in batches.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One prediction per image, in order.</returns>
    /// <exception cref="InvalidOperationException">The model has no image step (it was trained on tensors).</exception>
    /// <exception cref="ImageLoadException">With <see cref="ImageClassifierScorerOptions.StopOnFirstError"/>: an image could not be decoded.</exception>
    public IEnumerable<ImagePrediction> ScoreEncoded(IEnumerable<byte[]> encodedImages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encodedImages);
        RequireImageStep();
        return Run(encodedImages.Select((bytes, row) => new ScoringInput(row, Encoded: bytes)), cancellationToken);
    }

    /// <summary>Scores decoded images: CHW tensors of <see cref="InputShape"/>, values 0–1 (what the image step outputs).</summary>
    /// <param name="tensors">The tensors, read lazily in batches.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One prediction per tensor, in order; a tensor of the wrong length fails its row.</returns>
    /// <exception cref="ArgumentException">With <see cref="ImageClassifierScorerOptions.StopOnFirstError"/>: a tensor has the wrong length.</exception>
    public IEnumerable<ImagePrediction> ScoreTensors(IEnumerable<float[]> tensors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Run(tensors.Select((tensor, row) => new ScoringInput(row, Tensor: tensor)), cancellationToken);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    private void RequireImageStep()
    {
        if (ImageStep is null)
            throw new InvalidOperationException(
                "The model has no image step (it was trained on a tensor column, not on images), so it cannot decode images: " +
                "score CHW tensors with ScoreTensors, or train with LoadImagesAsTensors in the pipeline.");
    }

    /// <summary>Decodes batch i+1 on the thread pool while ONNX Runtime scores batch i; the inputs are enumerated on the caller's thread.</summary>
    private IEnumerable<ImagePrediction> Run(IEnumerable<ScoringInput> inputs, CancellationToken cancellationToken)
    {
        int batchSize = _options.BatchSize, classes = ClassNames.Count;
        float[][] buffers = [new float[batchSize * _graph.ImageLength], new float[batchSize * _graph.ImageLength]];
        int turn = 0;
        using var batches = inputs.Chunk(batchSize).GetEnumerator();
        Task<DecodedBatch>? pending = DecodeNext();
        try
        {
            while (pending is not null)
            {
                DecodedBatch batch = pending.GetAwaiter().GetResult();
                cancellationToken.ThrowIfCancellationRequested();
                pending = DecodeNext();
                var scores = new float[batch.Count * classes];
                _session.Run(batch.Pixels, batch.Count, scores);
                for (int i = 0; i < batch.Count; i++)
                {
                    var input = batch.Inputs[i];
                    if (batch.Errors[i] is { } error)
                    {
                        if (_options.StopOnFirstError)
                            throw RowError(input, error);
                        yield return new ImagePrediction(input.Row, input.Path, ClassNames, [], error.Message);
                    }
                    else
                        yield return new ImagePrediction(input.Row, input.Path, ClassNames, scores.AsSpan(i * classes, classes).ToArray(), null);
                }
            }
        }
        finally
        {
            // The caller stopped early or an error ends the run: let the batch being decoded finish before its buffer is dropped.
            try { pending?.Wait(); } catch (AggregateException) { }
        }

        Task<DecodedBatch>? DecodeNext()
        {
            if (!batches.MoveNext())
                return null;
            var chunk = batches.Current;
            var buffer = buffers[turn++ % 2];
            return Task.Run(() => _decoder.Decode(chunk, buffer), cancellationToken);
        }
    }

    private static Exception RowError(ScoringInput input, Exception error) => error switch
    {
        ImageLoadException load => new ImageLoadException($"Row {input.Row}: {load.Message}", load.ImagePath, load.ImageDescription, load),
        _ => new ArgumentException($"Row {input.Row}: {error.Message}", error),
    };
}

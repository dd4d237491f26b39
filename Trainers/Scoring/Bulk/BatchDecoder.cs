using MlNetCnn.Transforms;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>One input of bulk scoring: an image file, encoded image bytes or a decoded CHW tensor, with its row.</summary>
internal readonly record struct ScoringInput(long Row, string? Path = null, byte[]? Encoded = null, float[]? Tensor = null);

/// <summary>A batch ready for ONNX Runtime: image i of <see cref="Inputs"/> in slot i of <see cref="Pixels"/>, or its error.</summary>
internal sealed record DecodedBatch(ScoringInput[] Inputs, float[] Pixels, Exception?[] Errors)
{
    public int Count => Inputs.Length;
}

/// <summary>
/// Reads, decodes and resizes a batch of images in parallel on the CPU with <see cref="ImageDecoding"/> (the decoding the
/// image transform and the trainers use, so bulk scoring sees exactly the pixels training saw). An image that fails leaves
/// zeros in its slot and its exception in <see cref="DecodedBatch.Errors"/>; the others are decoded.
/// </summary>
internal sealed class BatchDecoder(ImageTensorStep? imageStep, string? imageFolder, int imageLength, int threads)
{
    public DecodedBatch Decode(ScoringInput[] inputs, float[] pixels)
    {
        var errors = new Exception?[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var slot = pixels.AsSpan(i * imageLength, imageLength);
            try
            {
                DecodeOne(inputs[i], slot);
            }
            catch (Exception e) when (e is ImageLoadException or ArgumentException)
            {
                slot.Clear();
                errors[i] = e;
            }
        });
        return new DecodedBatch(inputs, pixels, errors);
    }

    private void DecodeOne(ScoringInput input, Span<float> slot)
    {
        if (input.Tensor is { } tensor)
        {
            if (tensor.Length != imageLength)
                throw new ArgumentException(
                    $"The tensor of row {input.Row} holds {tensor.Length} floats; the model expects {imageLength} (C×H×W, CHW order, values 0–1).");
            tensor.CopyTo(slot);
        }
        else if (input.Path is { } path)
            ImageDecoding.DecodeFileToChw(path, Settings, slot, imageFolder);
        else
            ImageDecoding.DecodeToChw(input.Encoded, Settings, slot);
    }

    private ImageTensorSettings Settings => imageStep?.Settings
        ?? throw new InvalidOperationException("The model has no image step; it can score tensors only.");
}

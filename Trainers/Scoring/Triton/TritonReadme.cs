using System.Text;
using MlNetCnn.Transforms;

namespace MlNetCnn.Trainers.Scoring;

/// <summary>The <c>README.md</c> of an exported model folder: what a client must do to an image, and an example request.</summary>
internal static class TritonReadme
{
    /// <summary>The text for <paramref name="config"/>; <paramref name="imageStep"/> is null for a model trained on tensors.</summary>
    public static string Write(TritonConfig config, ImageTensorStep? imageStep, string source)
    {
        var input = config.Inputs[0];
        var score = config.Outputs.First(o => o.LabelFile is not null);
        var text = new StringBuilder();
        text.AppendLine($"# {config.Name}: an MlNetCnn image classifier for Triton").AppendLine();
        text.AppendLine($"Written by MlNetCnn from `{source}`. Triton itself was not run when this folder was written: the configuration was " +
                        "checked against the ONNX graph the way Triton's ONNX Runtime backend checks a model it loads, not loaded into a server.");
        text.AppendLine();
        text.AppendLine("| file | what it is |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| `{TritonModelRepository.Version}/{TritonModelRepository.OnnxFileName}` | the ONNX graph the ML.NET model scores with: normalisation, network, softmax |");
        text.AppendLine($"| `{TritonConfig.FileName}` | backend `onnxruntime`, `max_batch_size: {config.MaxBatchSize}`, dynamic batching, " +
                        $"{(config.InstanceKind == TritonInstanceKind.Gpu ? "GPU" : "CPU")} instances |");
        text.AppendLine($"| `{TritonModelRepository.LabelsFileName}` | the class names, one a line, in the order of `{score.Name}` |");
        text.AppendLine();
        text.AppendLine("Serve it with `tritonserver --model-repository=<the folder above this one>`." +
                        (config.InstanceKind == TritonInstanceKind.Gpu
                            ? " The instances are `KIND_GPU`: on a server without a GPU, export again with `--instance-kind cpu`."
                            : ""));
        text.AppendLine();
        text.AppendLine("## Preprocessing (the client's part)").AppendLine();
        AppendPreprocessing(text, input, imageStep);
        text.AppendLine();
        text.AppendLine("## Request (KServe v2 HTTP/REST)").AppendLine();
        AppendRequest(text, config.Name, input, score);
        return text.ToString();
    }

    private static void AppendPreprocessing(StringBuilder text, TritonTensor input, ImageTensorStep? imageStep)
    {
        string shape = string.Join(" × ", input.Dims);
        if (imageStep is not { Settings: var settings })
        {
            text.AppendLine($"The model was trained on tensors, not images: send `{input.Name}` as the trainer saw it, float32 {shape} per item (CHW), values 0–1.");
            return;
        }
        text.AppendLine($"The input `{input.Name}` is float32 `[batch, {string.Join(", ", input.Dims)}]`. For each image:").AppendLine();
        text.AppendLine("1. Decode it and apply its EXIF orientation; of an animated image take the first frame; drop alpha (do not composite it).");
        text.AppendLine(settings.ColorMode == ImageColorMode.Rgb
            ? "2. Take the channels red, green, blue, in this order (RGB, not BGR)."
            : "2. Convert to one grey channel: L = 0.299 R + 0.587 G + 0.114 B (ITU-R 601, as PIL's `convert(\"L\")`).");
        text.AppendLine(settings.ResizeMode == ImageResizeMode.Stretch
            ? $"3. Resize to {settings.Width} × {settings.Height} (width × height) exactly, the aspect ratio may change; bilinear (antialiased when shrinking). An image of that size is used as it is."
            : $"3. Scale so that the image covers {settings.Width} × {settings.Height} (width × height) keeping its aspect ratio, then cut out the centre (torchvision's `Resize` + `CenterCrop`); bilinear, antialiased when shrinking.");
        text.AppendLine("4. Divide every 8-bit value by 255 (values 0–1).");
        text.AppendLine($"5. Lay the values out channel by channel (CHW: {shape}); stack images into `[batch, {string.Join(", ", input.Dims)}]`.");
        text.AppendLine();
        text.AppendLine("Do not subtract a mean or divide by a standard deviation: the per-channel normalisation the network was trained with is inside the graph, and so is the softmax.");
    }

    private static void AppendRequest(StringBuilder text, string name, TritonTensor input, TritonTensor score)
    {
        long values = input.Dims.Aggregate(1L, (product, d) => product * Math.Max(d, 1));
        text.AppendLine($"One image ({values} floats, here elided):").AppendLine();
        text.AppendLine("```sh");
        text.AppendLine($"curl -s -X POST http://localhost:8000/v2/models/{name}/infer -H 'Content-Type: application/json' -d '{{");
        text.AppendLine($"  \"inputs\": [{{ \"name\": \"{input.Name}\", \"shape\": [1, {string.Join(", ", input.Dims)}], " +
                        $"\"datatype\": \"{input.DataType["TYPE_".Length..]}\", \"data\": [0.482, 0.475, ...] }}],");
        text.AppendLine($"  \"outputs\": [{{ \"name\": \"{score.Name}\", \"parameters\": {{ \"classification\": 3 }} }}]");
        text.AppendLine("}'");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine($"With `\"classification\": 3` the answer's `{score.Name}` holds the three most probable classes as strings " +
                        $"`probability:index:label` (labels from `{TritonModelRepository.LabelsFileName}`); without the parameter, all the class probabilities in label order.");
    }
}

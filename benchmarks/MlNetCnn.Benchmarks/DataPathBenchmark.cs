using System.Diagnostics;
using Microsoft.ML;
using MlNetCnn.Models.Registry;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Trainers;
using MlNetCnn.Trainers.Devices;
using MlNetCnn.Trainers.Training;
using MlNetCnn.Transforms;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetCnn.Benchmarks;

/// <summary>
/// The data path (issue 4, Speed and memory): full CIFAR-10 train into the trainer and the process's peak memory while
/// training cifarnet on it; the share of one ResNet-18 CIFAR step at batch 128 spent taking, converting, normalising and
/// augmenting the batch; images/s of an image folder of 500×375 JPEGs resized to 224×224, decoded once and then fed
/// from memory.
/// </summary>
internal static class DataPathBenchmark
{
    private const double MB = 1024 * 1024;

    public static Dictionary<string, object> Run(BenchmarkOptions options)
    {
        string cifar = options.CifarDirectory
            ?? throw new ArgumentException("--mode data needs --cifar-dir, the folder of the CIFAR-10 binary batches (e.g. ../shared/data/cifar10).");
        var result = new Dictionary<string, object>();
        // First, so that the peak resident set is that of training on CIFAR-10 alone.
        CifarIntoTrainer(cifar, result);
        TrainingStepShare(options.BatchSize, options.Steps, result);
        ImageFolderThroughput(options.FolderImages, options.BatchSize, result);
        return result;
    }

    private static void CifarIntoTrainer(string directory, Dictionary<string, object> result)
    {
        var ml = new MLContext(1);
        var clock = Stopwatch.StartNew();
        ImageDataSet train = Cifar10DataSet.Load(ml, directory, DataSetSplit.Train);
        double loaderSeconds = clock.Elapsed.TotalSeconds;
        var trainer = new LeNetTrainer(ml, new LeNetTrainer.Options { Architecture = "cifarnet", Epochs = 1, BatchSize = 128, Device = TrainingDevice.Auto });
        var model = train.MapLabelToKey(ml)
            .Append(ml.Transforms.LoadImagesAsTensors("Features", ImageRow.ImageColumnName, 32, 32))
            .Append(trainer)
            .Fit(train.Data);
        var info = model.LastTransformer.Info;
        result["cifar10_train_rows"] = info.TrainingRows;
        result["cifar10_loader_seconds"] = Math.Round(loaderSeconds, 2);
        result["cifar10_trainer_read_seconds"] = Math.Round(info.DataLoadSeconds, 2);
        result["cifar10_into_trainer_seconds"] = Math.Round(loaderSeconds + info.DataLoadSeconds, 2);
        result["cifarnet_epoch_seconds"] = Math.Round(info.History[0].Seconds, 2);
        result["cifarnet_fit_seconds"] = Math.Round(info.TrainSeconds, 2);
        result["peak_rss_mb_cifarnet_full_cifar10"] = Math.Round(ProcessMemory.PeakResidentBytes() / MB);
    }

    private static void TrainingStepShare(int batchSize, int steps, Dictionary<string, object> result)
    {
        using var scope = NewDisposeScope();
        var device = DeviceSelection.Select(TrainingDevice.Auto).ToTorch();
        manual_seed(1);
        var images = randint(0, 256, new long[] { 50_000, 3, 32, 32 }, ScalarType.Byte);
        var labels = randint(0, 10, new long[] { 50_000 }, ScalarType.Int64);
        using var network = ArchitectureRegistry.Create("resnet18_cifar", new ModelSpec(3, 10, 32));
        network.to(device).train();
        using var optimizer = optim.SGD(network.parameters(), 0.05, 0.9, weight_decay: 5e-4);
        using var generator = new Generator(1);
        var augmentation = new BatchAugmentation(4, true, 0.5, generator);
        using var feed = new BatchFeed(images, labels, isBytes: true, [0.49f, 0.48f, 0.45f], [0.25f, 0.24f, 0.26f], augmentation, device);
        var order = randperm(50_000, generator: generator);
        double data = 0, total = 0;
        for (int step = 0; step <= steps; step++)  // step 0 warms up and is not counted
        {
            using var stepScope = NewDisposeScope();
            long start = Stopwatch.GetTimestamp();
            var (x, y) = feed.Take(order.narrow(0, step * batchSize, batchSize));
            Synchronize(x);
            double taken = Stopwatch.GetElapsedTime(start).TotalSeconds;
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.forward(x), y);
            loss.backward();
            optimizer.step();
            loss.item<float>();
            if (step == 0) continue;
            data += taken;
            total += Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        result["resnet18_step_device"] = device.ToString();
        result["resnet18_step_ms"] = Math.Round(1000 * total / steps, 1);
        result["resnet18_step_data_path_ms"] = Math.Round(1000 * data / steps, 2);
        result["resnet18_step_data_path_percent"] = Math.Round(100 * data / total, 2);
    }

    private static void ImageFolderThroughput(int count, int batchSize, Dictionary<string, object> result)
    {
        string folder = Path.Combine(Path.GetTempPath(), "mlnetcnn-bench-folder-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteJpegs(folder, count);
            var ml = new MLContext(1);
            ImageDataSet data = ImageFolderDataSet.Load(ml, folder);
            var tensors = ml.Transforms.LoadImagesAsTensors("Features", ImageRow.ImageColumnName, 224, 224).Fit(data.Data).Transform(data.Data);
            // The first epoch: every image read, decoded and resized, as the trainer reads the column once.
            var clock = Stopwatch.StartNew();
            using var images = ReadAsBytes(tensors, count);
            double decodeSeconds = clock.Elapsed.TotalSeconds;
            // Later epochs: batches come from memory through the training step's own data path.
            using var labels = zeros(count, ScalarType.Int64);
            using var generator = new Generator(1);
            using var feed = new BatchFeed(images, labels, isBytes: true, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f],
                new BatchAugmentation(0, true, 0, generator), CPU);
            clock.Restart();
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                feed.Take(arange(start, Math.Min(start + batchSize, count), dtype: ScalarType.Int64));
            }
            double feedSeconds = clock.Elapsed.TotalSeconds;
            result["folder_jpegs_500x375_to_224"] = count;
            result["folder_first_epoch_decode_images_per_s"] = Math.Round(count / decodeSeconds, 1);
            result["folder_later_epoch_feed_images_per_s"] = Math.Round(count / feedSeconds, 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The image column read once into a byte tensor, as the trainer stores decoded 8-bit images.</summary>
    private static Tensor ReadAsBytes(IDataView tensors, int count)
    {
        var bytes = new byte[(long)count * 3 * 224 * 224];
        long offset = 0;
        foreach (var row in ml(tensors))
            foreach (float v in row) bytes[offset++] = (byte)MathF.Round(v * 255f);
        return tensor(bytes, new long[] { count, 3, 224, 224 }, ScalarType.Byte);

        static IEnumerable<float[]> ml(IDataView view) =>
            new MLContext().Data.CreateEnumerable<FeatureRow>(view, reuseRowObject: true).Select(r => r.Features);
    }

    private static void WriteJpegs(string folder, int count)
    {
        var random = new Random(3);
        var encoder = new JpegEncoder { Quality = 90 };
        for (int i = 0; i < count; i++)
        {
            string classFolder = Path.Combine(folder, $"class{i % 2}");
            Directory.CreateDirectory(classFolder);
            using var image = new Image<Rgb24>(500, 375);
            // Smooth gradients with noise: compresses like a photograph, not like a flat colour.
            int a = random.Next(256), b = random.Next(256);
            for (int y = 0; y < 375; y++)
                for (int x = 0; x < 500; x++)
                    image[x, y] = new Rgb24((byte)(a + x / 2), (byte)(b + y / 2), (byte)random.Next(256));
            image.SaveAsJpeg(Path.Combine(classFolder, $"{i}.jpg"), encoder);
        }
    }

    /// <summary>Waits for the device (a read of one value; a no-op on the CPU, where every operation is synchronous).</summary>
    private static void Synchronize(Tensor x)
    {
        if (x.device_type == DeviceType.CUDA) x[0, 0, 0, 0].item<float>();
    }

    private sealed class FeatureRow
    {
        [Microsoft.ML.Data.VectorType(3 * 224 * 224)]
        public float[] Features { get; set; } = [];
    }
}

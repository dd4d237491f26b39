using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using MlNetCnn.Pipelines.DataSets;
using MlNetCnn.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MlNetCnn.Tests.Pipelines.DataSets;

/// <summary>Small data-set files written by the tests themselves, in a temporary folder deleted on dispose.</summary>
internal sealed class DataSetTestFiles : IDisposable
{
    public DataSetTestFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlnetcnn-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The shipped CIFAR-10 subset, copied next to the test assembly.</summary>
    public static string ShippedSubset => ShippedImages.Folder;

    public string Write(string name, byte[] content, bool gzip = false)
    {
        string path = Path.Combine(Root, gzip ? name + ".gz" : name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return path;
        }
        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(content);
        return path;
    }

    /// <summary>A CIFAR-10 record: the label, then every pixel of plane c equal to <c>label * 10 + c</c>.</summary>
    public static byte[] CifarRecords(params byte[] labels)
    {
        var content = new byte[labels.Length * Cifar10Files.RecordSize];
        for (int r = 0; r < labels.Length; r++)
        {
            int start = r * Cifar10Files.RecordSize;
            content[start] = labels[r];
            for (int c = 0; c < 3; c++)
                content.AsSpan(start + 1 + c * 1024, 1024).Fill((byte)(labels[r] * 10 + c));
        }
        return content;
    }

    public static byte[] IdxLabels(params byte[] labels) => [.. IdxHeader(IdxFile.LabelMagic, labels.Length), .. labels];

    /// <summary>An IDX image file of 3x2 images; every pixel of image i equals <c>i * 20 + 1</c>.</summary>
    public static byte[] IdxImages(int count, int magic = IdxFile.ImageMagic)
    {
        byte[] pixels = Enumerable.Range(0, count).SelectMany(i => Enumerable.Repeat((byte)(i * 20 + 1), 6)).ToArray();
        return [.. IdxHeader(magic, count), .. BigEndian(2), .. BigEndian(3), .. pixels];
    }

    public static List<ImageRow> Rows(ImageDataSet dataSet) =>
        new MLContext().Data.CreateEnumerable<ImageRow>(dataSet.Data, reuseRowObject: false).ToList();

    /// <summary>A real 1×1 PNG whose red value is <paramref name="red"/>, to tell files apart.</summary>
    public static byte[] Png(byte red)
    {
        using var image = new Image<Rgb24>(1, 1);
        image[0, 0] = new Rgb24(red, 0, 0);
        using var stream = new MemoryStream();
        image.Save(stream, new SixLabors.ImageSharp.Formats.Png.PngEncoder());
        return stream.ToArray();
    }

    public static Rgb24 Pixel(byte[] encoded, int x, int y)
    {
        using Image<Rgb24> image = Image.Load<Rgb24>(encoded);
        return image[x, y];
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }

    private static byte[] IdxHeader(int magic, int count) => [.. BigEndian(magic), .. BigEndian(count)];

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}

using System.Security.Cryptography;

namespace MlNetCnn.Tests.Models.Pretrained;

/// <summary>
/// The <c>.pth</c> files that <c>Fixtures/make_fixtures.py</c> wrote with a real <c>torch.save</c>, copied next to the
/// test assembly, and the values that script put in them.
/// </summary>
internal static class PthFixtures
{
    public const string ResNet = "resnet_tiny.pth";
    public const string DenseNet = "densenet_old_keys.pth";
    public const string GoogLeNet = "googlenet_aux.pth";
    public const string RunsCode = "code_execution.pth";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Models", "Pretrained", "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The first 8 hex digits of the file's SHA-256: what torchvision puts in the file name.</summary>
    public static string HashPrefix(string name) => Convert.ToHexStringLower(SHA256.HashData(Bytes(name)))[..8];

    /// <summary>The float32 values of the <paramref name="n"/>-th key (0-based, in the script's order): <c>n + 0.25 i</c>.</summary>
    public static float[] Values(int n, long count) => [.. Enumerable.Range(0, (int)count).Select(i => n + 0.25f * i)];

    /// <summary>The value of a <c>num_batches_tracked</c> that is the <paramref name="n"/>-th key.</summary>
    public static long BatchCounter(int n) => 1000 + n;
}

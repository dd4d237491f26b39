using System.Security.Cryptography;

namespace MlNetCnn.Models.IO;

/// <summary>The hash algorithms a download can be checked with.</summary>
public enum HashAlgorithmKind
{
    /// <summary>MD5, as the classic data sets publish it.</summary>
    Md5,

    /// <summary>SHA-256, as torchvision's weights are named by.</summary>
    Sha256,
}

/// <summary>
/// The hash a file must have: the algorithm and the expected lower-case hexadecimal digest, complete or only its first
/// digits (torchvision publishes the first 8 hex digits of each file's SHA-256 in its name).
/// </summary>
public sealed record FileHash
{
    /// <summary>Creates the expectation; <paramref name="hex"/> is at least 8 hex digits and at most the whole digest.</summary>
    /// <exception cref="ArgumentException"><paramref name="hex"/> is not hexadecimal, shorter than 8 digits or longer than the digest.</exception>
    public FileHash(HashAlgorithmKind algorithm, string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        int full = DigestLength(algorithm);
        if (hex.Length < 8 || hex.Length > full || !hex.All(Uri.IsHexDigit))
            throw new ArgumentException($"Expected {algorithm} hash: 8 to {full} hexadecimal digits, got '{hex}'.", nameof(hex));
        Algorithm = algorithm;
        Hex = hex.ToLowerInvariant();
    }

    /// <summary>The algorithm.</summary>
    public HashAlgorithmKind Algorithm { get; }

    /// <summary>The expected digest or its first digits, lower-case.</summary>
    public string Hex { get; }

    /// <summary>True when only the first digits of the digest are pinned.</summary>
    public bool IsPrefix => Hex.Length < DigestLength(Algorithm);

    /// <summary>An MD5 expectation.</summary>
    public static FileHash Md5(string hex) => new(HashAlgorithmKind.Md5, hex);

    /// <summary>A SHA-256 expectation, complete or a prefix.</summary>
    public static FileHash Sha256(string hex) => new(HashAlgorithmKind.Sha256, hex);

    /// <summary>True when <paramref name="digest"/> (a complete hex digest) is this one, or starts with this prefix.</summary>
    public bool Matches(string digest) => digest.StartsWith(Hex, StringComparison.OrdinalIgnoreCase);

    /// <summary>The complete lower-case hex digest of the file at <paramref name="path"/> with this algorithm.</summary>
    public string DigestOf(string path)
    {
        using var hash = CreateHash();
        using FileStream file = File.OpenRead(path);
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = file.Read(buffer)) > 0)
            hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True when the file at <paramref name="path"/> has this hash.</summary>
    public bool IsHashOf(string path) => Matches(DigestOf(path));

    /// <summary>An incremental hash of this algorithm, for hashing while writing.</summary>
    public IncrementalHash CreateHash() =>
        IncrementalHash.CreateHash(Algorithm == HashAlgorithmKind.Md5 ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA256);

    /// <summary>How the expectation reads in messages: <c>SHA-256 starting with 5c106cde</c>, <c>MD5 c58f30108f718f92721af3b95e74349a</c>.</summary>
    public override string ToString() =>
        $"{(Algorithm == HashAlgorithmKind.Md5 ? "MD5" : "SHA-256")}{(IsPrefix ? " starting with" : "")} {Hex}";

    private static int DigestLength(HashAlgorithmKind algorithm) => algorithm switch
    {
        HashAlgorithmKind.Md5 => 32,
        HashAlgorithmKind.Sha256 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Expected MD5 or SHA-256."),
    };
}

using System.Security.Cryptography;
using MlNetCnn.Models.IO;

namespace MlNetCnn.Trainers.Training.Checkpoints;

/// <summary>
/// The framing of a checkpoint file: a magic tag, the payload, and the SHA-256 of the payload. Writing goes through
/// <see cref="AtomicFile"/>: the temporary file is read back and verified before it replaces the previous checkpoint, so a
/// failed or interrupted write never damages the checkpoint already there. Reading verifies the whole file before any
/// of it is used.
/// </summary>
internal static class CheckpointFile
{
    private static readonly byte[] Magic = "MLNETCNN-CKPT\n\0\u0001"u8.ToArray();
    private const int HashBytes = 32;

    /// <summary>Writes <paramref name="writePayload"/>'s bytes as a checkpoint at <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, Action<BinaryWriter> writePayload)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, temporary =>
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                file.Write(Magic);
                using var hashing = new HashingStream(file);
                using (var writer = new BinaryWriter(hashing, System.Text.Encoding.UTF8, leaveOpen: true))
                    writePayload(writer);
                file.Write(hashing.Hash());
                file.Flush(flushToDisk: true);
            }
            Verify(temporary, path);
        });
    }

    /// <summary>Verifies the checkpoint at <paramref name="path"/> and gives its payload to <paramref name="readPayload"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is truncated, or its content does not match its hash.</exception>
    public static T Read<T>(string path, Func<BinaryReader, T> readPayload)
    {
        long payloadLength = Verify(path, path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        file.Position = Magic.Length;
        using var payload = new BoundedStream(file, payloadLength);
        using var reader = new BinaryReader(payload, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            return readPayload(reader);
        }
        catch (EndOfStreamException error)
        {
            throw Damaged(path, "its content ends early", error);
        }
    }

    /// <summary>Checks the tag and the hash of <paramref name="file"/>; returns the payload length.</summary>
    private static long Verify(string file, string shownAs)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        long payloadLength = stream.Length - Magic.Length - HashBytes;
        var tag = new byte[Magic.Length];
        if (stream.ReadAtLeast(tag, tag.Length, throwOnEndOfStream: false) < tag.Length || !tag.AsSpan().SequenceEqual(Magic))
            throw Damaged(shownAs, "it does not start with the MlNetCnn checkpoint tag (not a checkpoint, or the wrong file)");
        if (payloadLength < 0)
            throw Damaged(shownAs, $"it is truncated ({stream.Length} bytes)");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long left = payloadLength; left > 0;)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw Damaged(shownAs, "it is truncated");
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        var stored = new byte[HashBytes];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw Damaged(shownAs, "its content does not match its SHA-256 (the file was changed or cut short after it was written)");
        return payloadLength;
    }

    /// <summary>The error for a checkpoint that cannot be used; says that nothing was changed.</summary>
    public static InvalidDataException Damaged(string path, string why, Exception? inner = null) =>
        new($"Checkpoint '{path}' cannot be used: {why}. It was not loaded and has not been changed.", inner);

    /// <summary>Passes writes through to a stream and hashes them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Reads at most a given number of bytes of a stream: the payload, not the hash after it.</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) return 0;
            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override void Flush() { }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

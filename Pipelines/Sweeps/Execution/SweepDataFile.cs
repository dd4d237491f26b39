using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetCnn.Models.IO;
using MlNetCnn.Pipelines.Sweeps.Execution.Data;

namespace MlNetCnn.Pipelines.Sweeps.Execution;

/// <summary>
/// A sweep's prepared data in one file, written once so that every trial and every worker process trains on exactly the
/// same split: the training and validation rows after featurization — the label as a key whose key values are the class
/// names, the image as <c>Vector&lt;Single, C, H, W&gt;</c>. Pixels are stored as bytes when every value × 255 is an
/// integer in 0–255 (as decoded images are), else as floats; the file ends with a SHA-256 checked when it is opened.
/// </summary>
/// <remarks>
/// <see cref="Train"/> and <see cref="Validation"/> read the file as the trainer expects its input: the label column a
/// <c>Key&lt;UInt32&gt;</c> with a <c>KeyValues</c> text annotation, the image column a known-size vector with dimensions
/// C, H, W, under the column names the data was written with.
/// </remarks>
public sealed class SweepDataFile
{
    private readonly SweepDataHeader _header;

    private SweepDataFile(string path, SweepDataHeader header, long dataOffset)
    {
        Path = path;
        _header = header;
        Train = new SweepDataView(path, header, dataOffset, header.TrainRows);
        Validation = new SweepDataView(path, header, dataOffset + header.TrainRows * header.RowBytes, header.ValidationRows);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The training rows.</summary>
    public IDataView Train { get; }

    /// <summary>The validation rows.</summary>
    public IDataView Validation { get; }

    /// <summary>The key-typed label column's name.</summary>
    public string LabelColumnName => _header.LabelColumnName;

    /// <summary>The image tensor column's name.</summary>
    public string ImageColumnName => _header.ImageColumnName;

    /// <summary>Image channels.</summary>
    public int Channels => _header.Channels;

    /// <summary>Image height.</summary>
    public int Height => _header.Height;

    /// <summary>Image width.</summary>
    public int Width => _header.Width;

    /// <summary>The class names in key order.</summary>
    public IReadOnlyList<string> ClassNames => _header.ClassNames;

    /// <summary>True when the pixels are stored as bytes (value × 255), false when as floats.</summary>
    public bool IsBytes => _header.IsBytes;

    /// <summary>Training rows.</summary>
    public long TrainRows => _header.TrainRows;

    /// <summary>Validation rows.</summary>
    public long ValidationRows => _header.ValidationRows;

    /// <summary>
    /// Writes <paramref name="train"/> and <paramref name="validation"/> — featurized views with a key label column and a
    /// known-size <c>Vector&lt;Single&gt;</c> image column of dimensions C, H, W — to <paramref name="path"/>, atomically.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the two views differ in classes or image shape.</exception>
    public static void Write(string path, IDataView train, IDataView validation, string labelColumnName = "Label", string imageColumnName = "Features")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var columns = SweepDataWriter.Columns(train.Schema, labelColumnName, imageColumnName, "training");
        var validationColumns = SweepDataWriter.Columns(validation.Schema, labelColumnName, imageColumnName, "validation");
        columns.RequireSameAs(validationColumns);
        string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        AtomicFile.Write(path, temporary =>
        {
            if (!SweepDataWriter.TryWrite(temporary, train, validation, columns, asBytes: true))
                SweepDataWriter.TryWrite(temporary, train, validation, columns, asBytes: false);
        });
    }

    /// <summary>
    /// Writes the rows of <paramref name="rows"/> — a featurized view as for the other overload — to <paramref name="path"/>,
    /// atomically: those marked in <paramref name="isValidation"/> (by row, in cursor order) as the validation part, the
    /// others as the training part. The view is read twice, once per part.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the mask's length is not the row count.</exception>
    public static void Write(string path, IDataView rows, IReadOnlyList<bool> isValidation, string labelColumnName = "Label", string imageColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(isValidation);
        Write(path, new RowSubset(rows, isValidation, validation: false), new RowSubset(rows, isValidation, validation: true), labelColumnName, imageColumnName);
    }

    /// <summary>Opens a sweep data file after checking its checksum.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a sweep data file, is truncated or damaged; the message names it.</exception>
    public static SweepDataFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"Sweep data file '{full}' does not exist; expected the file the sweep prepared its data in.", full);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        VerifyChecksum(stream, full);
        stream.Position = 0;
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var header = SweepDataHeader.Read(reader, full);
        long expected = stream.Position + (header.TrainRows + header.ValidationRows) * header.RowBytes + SweepDataHeader.ChecksumBytes;
        if (stream.Length != expected)
            throw new InvalidDataException(
                $"Sweep data file '{full}' holds {stream.Length} bytes; its header ({header.TrainRows} training and {header.ValidationRows} validation rows of {header.RowBytes} bytes) needs {expected}.");
        return new SweepDataFile(full, header, stream.Position);
    }

    private static void VerifyChecksum(FileStream stream, string path)
    {
        if (stream.Length < SweepDataHeader.ChecksumBytes)
            throw new InvalidDataException($"Sweep data file '{path}' is truncated: {stream.Length} bytes, shorter than its checksum.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long left = stream.Length - SweepDataHeader.ChecksumBytes;
        while (left > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        var stored = new byte[SweepDataHeader.ChecksumBytes];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new InvalidDataException(
                $"Sweep data file '{path}' is damaged: its SHA-256 does not match the one stored at its end. Delete it and prepare the sweep's data again.");
    }
}

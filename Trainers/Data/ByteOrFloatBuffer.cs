using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace MlNetCnn.Trainers.Data;

/// <summary>
/// A growing store of fixed-size rows that keeps bytes (value × 255) while every value read is an exact
/// multiple of 1/255 in [0, 1], and switches to floats, once, at the first value that is not.
/// </summary>
internal sealed class ByteOrFloatBuffer
{
    private readonly int _rowSize;
    private byte[]? _bytes;
    private float[]? _floats;
    private long _rows;

    public ByteOrFloatBuffer(int rowSize, int expectedRows)
    {
        _rowSize = rowSize;
        _bytes = new byte[(long)rowSize * Math.Max(expectedRows, 1)];
    }

    public bool IsBytes => _bytes is not null;

    public void Append(in VBuffer<float> row)
    {
        if (row.Length != _rowSize)
            throw new InvalidDataException($"expected {_rowSize} values per image, found {row.Length}");
        var values = row.DenseValues();
        long offset = _rows * _rowSize;
        if (_bytes is not null)
        {
            Grow(ref _bytes, offset + _rowSize);
            int i = 0;
            foreach (float value in values)
            {
                float scaled = value * 255f;
                float rounded = MathF.Round(scaled);
                if (!(MathF.Abs(scaled - rounded) <= 1e-3f) || rounded is < 0 or > 255)
                {
                    SwitchToFloats();
                    break;
                }
                _bytes[offset + i++] = (byte)rounded;
            }
        }
        if (_floats is not null)
        {
            Grow(ref _floats, offset + _rowSize);
            int i = 0;
            foreach (float value in values) _floats[offset + i++] = value;
        }
        _rows++;
    }

    public Tensor ToTensor(long[] shape)
    {
        int length = checked((int)(_rows * _rowSize));
        if (_bytes is not null)
        {
            Array.Resize(ref _bytes, length);
            return tensor(_bytes, shape, ScalarType.Byte);
        }
        Array.Resize(ref _floats, length);
        return tensor(_floats!, shape, ScalarType.Float32);
    }

    private void SwitchToFloats()
    {
        _floats = new float[_bytes!.Length];
        long done = _rows * _rowSize;
        for (long i = 0; i < done; i++) _floats[i] = _bytes[i] / 255f;
        _bytes = null;
    }

    private static void Grow<T>(ref T[] array, long needed)
    {
        if (needed <= array.Length) return;
        long size = Math.Max(needed, Math.Min((long)array.Length * 2, Array.MaxLength));
        if (size < needed) throw new OutOfMemoryException($"The training images need more than {Array.MaxLength} values in one buffer.");
        Array.Resize(ref array, (int)size);
    }
}

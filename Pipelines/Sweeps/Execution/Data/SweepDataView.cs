using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Pipelines.Sweeps.Execution.Data;

/// <summary>
/// The rows of one part (training or validation) of a sweep data file, read straight from the file: each cursor opens
/// the file, reads the part's rows in order into one reused row buffer and decodes pixels only when asked.
/// </summary>
internal sealed class SweepDataView : IDataView
{
    private readonly string _path;
    private readonly SweepDataHeader _header;
    private readonly long _offset;
    private readonly long _rows;

    public SweepDataView(string path, SweepDataHeader header, long offset, long rows)
    {
        _path = path;
        _header = header;
        _offset = offset;
        _rows = rows;
        Schema = SchemaOf(header);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>The label as a key with the class names as key values, and the image as Vector&lt;Single, C, H, W&gt;.</summary>
    private static DataViewSchema SchemaOf(SweepDataHeader header)
    {
        var names = header.ClassNames.Select(n => n.AsMemory()).ToArray();
        var keyValues = new DataViewSchema.Annotations.Builder();
        keyValues.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, names.Length),
            (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(names.Length, names));
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(header.LabelColumnName, new KeyDataViewType(typeof(uint), names.Length), keyValues.ToAnnotations());
        schema.AddColumn(header.ImageColumnName, new VectorDataViewType(NumberDataViewType.Single, header.Channels, header.Height, header.Width));
        return schema.ToSchema();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private const int LabelColumn = 0;
        private const int ImageColumn = 1;

        private readonly SweepDataView _view;
        private readonly HashSet<int> _active;
        private readonly FileStream _file;
        private readonly byte[] _row;
        private long _position = -1;

        public Cursor(SweepDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _row = new byte[view._header.RowBytes];
            _file = new FileStream(view._path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: Math.Max(1 << 16, _row.Length));
            _file.Seek(view._offset, SeekOrigin.Begin);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._rows) return false;
            try
            {
                _file.ReadExactly(_row);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"Sweep data file '{_view._path}' ends inside row {_position + 1}; it was changed after it was opened.", e);
            }
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            Delegate getter = column.Index switch
            {
                LabelColumn => (ValueGetter<uint>)((ref uint key) => key = BitConverter.ToUInt32(_row, 0)),
                ImageColumn => (ValueGetter<VBuffer<float>>)ReadPixels,
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Name, "A sweep data view has two columns, the label and the image."),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private void ReadPixels(ref VBuffer<float> value)
        {
            int count = _view._header.PixelCount;
            var editor = VBufferEditor.Create(ref value, count);
            var pixels = _row.AsSpan(sizeof(uint));
            if (_view._header.IsBytes)
                for (int i = 0; i < count; i++) editor.Values[i] = pixels[i] / 255f;
            else
                MemoryMarshal.Cast<byte, float>(pixels).CopyTo(editor.Values);
            value = editor.Commit();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _file.Dispose();
            base.Dispose(disposing);
        }
    }
}

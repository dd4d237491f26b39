using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetCnn.Pipelines.Sweeps.Execution.Data;

/// <summary>
/// The rows of a view whose mark (by row number, in the order one cursor reads them) is <c>validation</c>: one part of a
/// held-out split, read sequentially.
/// </summary>
internal sealed class RowSubset(IDataView source, IReadOnlyList<bool> isValidation, bool validation) : IDataView
{
    public DataViewSchema Schema => source.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => isValidation.Count(mark => mark == validation);

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded), isValidation, validation);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor inner, IReadOnlyList<bool> marks, bool wanted) : DataViewRowCursor
    {
        private long _sourceRow = -1;
        private long _position = -1;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                _sourceRow++;
                if (_sourceRow >= marks.Count)
                    throw new InvalidOperationException($"The data has more rows than the {marks.Count} of its split's marks.");
                if (marks[(int)_sourceRow] == wanted)
                {
                    _position++;
                    return true;
                }
            }
            if (_sourceRow + 1 != marks.Count)
                throw new InvalidOperationException($"The data has {_sourceRow + 1} rows; its split marks {marks.Count}.");
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

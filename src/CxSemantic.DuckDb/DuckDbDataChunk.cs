using System.Collections.Immutable;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// Up to <see cref="DuckDbResult.VectorSize"/> rows of a result, column by column. Dispose it
/// (or let the next <see cref="DuckDbResult.FetchChunk"/> replace it) to give its memory back.
/// </summary>
public sealed class DuckDbDataChunk : IDisposable
{
    private readonly DataChunkHandle _handle;
    private readonly ImmutableArray<DuckDbColumn> _columns;

    internal DuckDbDataChunk(DataChunkHandle handle, ImmutableArray<DuckDbColumn> columns)
    {
        _handle = handle;
        _columns = columns;
        RowCount = (int)NativeMethods.duckdb_data_chunk_get_size(handle.DangerousGetHandle());
    }

    /// <summary>Rows in this chunk.</summary>
    public int RowCount { get; }

    /// <summary>Columns in this chunk.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The vector of column <paramref name="column"/> (0-based).</summary>
    public DuckDbVector GetVector(int column)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _columns.Length);
        var vector = NativeMethods.duckdb_data_chunk_get_vector(_handle.DangerousGetHandle(), (ulong)column);
        return new DuckDbVector(vector, _columns[column], RowCount);
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}

using System.Collections.Immutable;
using CxSemantic.DuckDb.Native;

namespace CxSemantic.DuckDb;

/// <summary>
/// The result of a statement, read chunk by chunk (<see cref="FetchChunk"/>) and column by column
/// (<see cref="DuckDbVector"/>). Not thread-safe.
/// </summary>
public sealed unsafe class DuckDbResult : IDisposable
{
    private readonly ResultHandle _handle;
    private readonly IDisposable? _owner;

    /// <param name="handle">The native result.</param>
    /// <param name="owner">Disposed after the result: the prepared statement a streaming result reads from.</param>
    internal DuckDbResult(ResultHandle handle, IDisposable? owner = null)
    {
        _handle = handle;
        _owner = owner;
        IsStreaming = NativeMethods.duckdb_result_is_streaming(*handle.Pointer);
        var columnCount = (int)NativeMethods.duckdb_column_count(handle.Pointer);
        var columns = ImmutableArray.CreateBuilder<DuckDbColumn>(columnCount);
        for (var i = 0; i < columnCount; i++)
        {
            var name = NativeMethods.ReadUtf8(NativeMethods.duckdb_column_name(handle.Pointer, (ulong)i)) ?? string.Empty;
            columns.Add(DuckDbColumn.FromOwnedLogicalType(name, NativeMethods.duckdb_column_logical_type(handle.Pointer, (ulong)i)));
        }

        Columns = columns.MoveToImmutable();
        RowsChanged = (long)NativeMethods.duckdb_rows_changed(handle.Pointer);
    }

    /// <summary>DuckDB's vector size: the most rows a chunk holds (2048 in standard builds).</summary>
    public static int VectorSize { get; } = (int)NativeMethods.duckdb_vector_size();

    /// <summary>The result's columns.</summary>
    public ImmutableArray<DuckDbColumn> Columns { get; }

    /// <summary>Rows inserted, updated or deleted by the statement.</summary>
    public long RowsChanged { get; }

    /// <summary>Whether chunks are produced on demand (<see cref="DuckDbConnection.QueryStreaming"/>) rather than materialized.</summary>
    public bool IsStreaming { get; }

    /// <summary>The next chunk of rows, or null when the result is exhausted.</summary>
    public DuckDbDataChunk? FetchChunk()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var pointer = NativeMethods.duckdb_fetch_chunk(*_handle.Pointer);
        if (pointer == IntPtr.Zero)
        {
            // A streaming result executes while it is read: a failure shows up here, not when the query started.
            if (IsStreaming && NativeMethods.ReadUtf8(NativeMethods.duckdb_result_error(_handle.Pointer)) is { } error)
            {
                throw new DuckDbException(error, NativeMethods.duckdb_result_error_type(_handle.Pointer));
            }

            return null;
        }

        var chunk = new DataChunkHandle();
        chunk.Adopt(pointer);
        return new DuckDbDataChunk(chunk, Columns);
    }

    /// <summary>Reads all remaining rows as boxed values (see <see cref="DuckDbVector.GetValue"/>).</summary>
    public IReadOnlyList<object?[]> ReadAllRows()
    {
        var rows = new List<object?[]>();
        while (FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var start = rows.Count;
                for (var r = 0; r < chunk.RowCount; r++)
                {
                    rows.Add(new object?[Columns.Length]);
                }

                for (var c = 0; c < Columns.Length; c++)
                {
                    var vector = chunk.GetVector(c);
                    for (var r = 0; r < chunk.RowCount; r++)
                    {
                        rows[start + r][c] = vector.GetValue(r);
                    }
                }
            }
        }

        return rows;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _handle.Dispose();
        _owner?.Dispose();
    }
}

using DuckDB.NET.Data;

namespace CxSemantic.Warehouse.DuckDb;

/// <summary>
/// One statement's result read as it streams (<see cref="DuckDBCommand.UseStreamingMode"/>): DuckDB produces chunks as
/// <see cref="Read"/> asks for them instead of materializing the whole result first, so reading a large table takes
/// memory for a few chunks, not for the table. The connection runs nothing else until this is disposed.
/// </summary>
public sealed class DuckDbStreamingResult : IDisposable
{
    private readonly DuckDBCommand _command;
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _cancellationToken;
    private readonly DuckDBDataReader _reader;

    private DuckDbStreamingResult(DuckDBCommand command, CancellationToken cancellationToken)
    {
        _command = command;
        _cancellationToken = cancellationToken;
        _registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static c => ((DuckDBCommand)c!).Cancel(), command)
            : default;
        try
        {
            _reader = Guard(command.ExecuteReader);
        }
        catch
        {
            _registration.Dispose();
            throw;
        }
    }

    /// <summary>The reader; advance it with <see cref="Read"/>, which reports a cancellation as such.</summary>
    public DuckDBDataReader Reader => _reader;

    /// <summary>Starts <paramref name="sql"/> on <paramref name="connection"/>.</summary>
    /// <exception cref="DuckDBException">The SQL does not parse or bind, or execution fails.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; DuckDB was interrupted.</exception>
    public static DuckDbStreamingResult Open(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = connection.CreateCommand(sql, []);
        command.UseStreamingMode = true;
        try
        {
            return new DuckDbStreamingResult(command, cancellationToken);
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    /// <summary>Advances to the next row; false at the end.</summary>
    /// <exception cref="DuckDBException">Execution failed (a streaming result fails while it is read).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; DuckDB was interrupted.</exception>
    public bool Read()
    {
        try
        {
            return _reader.Read();
        }
        catch (Exception ex) when (_cancellationToken.IsCancellationRequested && ex is DuckDBException or OperationCanceledException)
        {
            throw Cancelled(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader?.Dispose();
        _registration.Dispose();
        _command.Dispose();
    }

    private T Guard<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (_cancellationToken.IsCancellationRequested && ex is DuckDBException or OperationCanceledException)
        {
            throw Cancelled(ex);
        }
    }

    private OperationCanceledException Cancelled(Exception ex) => new("The DuckDB query was cancelled.", ex, _cancellationToken);
}

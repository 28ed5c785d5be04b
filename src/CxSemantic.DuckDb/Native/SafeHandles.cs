using System.Runtime.InteropServices;

namespace CxSemantic.DuckDb.Native;

/// <summary>Base for every handle DuckDB allocates: destroyed exactly once, by its own release.</summary>
internal abstract class DuckDbHandle : SafeHandle
{
    protected DuckDbHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Adopts a raw pointer returned through an out parameter.</summary>
    public void Adopt(IntPtr pointer) => SetHandle(pointer);
}

internal sealed class DatabaseHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_close(ref pointer);
        return true;
    }
}

/// <summary>A connection keeps its database alive (AddRef) until it is itself released.</summary>
internal sealed class ConnectionHandle : DuckDbHandle
{
    private DatabaseHandle? _database;

    public void KeepAlive(DatabaseHandle database)
    {
        var added = false;
        database.DangerousAddRef(ref added);
        if (added)
        {
            _database = database;
        }
    }

    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_disconnect(ref pointer);
        _database?.DangerousRelease();
        return true;
    }
}

internal sealed class PreparedStatementHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_prepare(ref pointer);
        return true;
    }
}

internal sealed class AppenderHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_appender_destroy(ref pointer);
        return true;
    }
}

internal sealed class DataChunkHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_data_chunk(ref pointer);
        return true;
    }
}

internal sealed class LogicalTypeHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_logical_type(ref pointer);
        return true;
    }
}

/// <summary>
/// A <c>duckdb_result</c> lives in native memory we own: DuckDB fills it, and releasing the
/// handle calls <c>duckdb_destroy_result</c> (required on failure too) and frees the struct.
/// </summary>
internal sealed unsafe class ResultHandle : DuckDbHandle
{
    public static ResultHandle Allocate()
    {
        var result = new ResultHandle();
        result.Adopt((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(NativeResult)));
        return result;
    }

    public NativeResult* Pointer => (NativeResult*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_result((NativeResult*)handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}

using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CxSemantic.DuckDb.Native;

/// <summary>
/// DuckDB's C API, grouped in partial files that follow the sections of <c>duckdb.h</c>
/// (startup, query, prepared statements, data chunks and vectors, logical types, appender).
/// Handles are plain pointers here; ownership lives in the <see cref="SafeHandle"/>s.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>The library name probed by the runtime: libduckdb.so, libduckdb.dylib, duckdb.dll.</summary>
    public const string LibraryName = "duckdb";

    /// <summary>An absolute path here overrides the library copied next to the assemblies.</summary>
    public const string LibraryPathVariable = "CXSEMANTIC_LIBDUCKDB";

    static NativeMethods()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
        {
            return IntPtr.Zero;
        }

        var overridePath = Environment.GetEnvironmentVariable(LibraryPathVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            return NativeLibrary.Load(overridePath);
        }

        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
        {
            return handle;
        }

        throw new DllNotFoundException(
            $"libduckdb was not found next to {assembly.GetName().Name}.dll ({AppContext.BaseDirectory}). " +
            "Building the solution fetches it (build/DuckDbNative.targets); or set " +
            $"{LibraryPathVariable} to the library's absolute path.");
    }

    /// <summary>Copies a NUL-terminated UTF-8 string owned by DuckDB.</summary>
    public static string? ReadUtf8(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((IntPtr)text);

    // ---- Startup -------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_open_ext(string? path, out IntPtr database, IntPtr config, out byte* error);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_connect(IntPtr database, out IntPtr connection);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_disconnect(ref IntPtr connection);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_interrupt(IntPtr connection);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* duckdb_library_version();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_create_config(out IntPtr config);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_set_config(IntPtr config, string name, string option);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_destroy_config(ref IntPtr config);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_free(void* pointer);

    // ---- Query ---------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_query(IntPtr connection, string query, NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_destroy_result(NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* duckdb_result_error(NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbErrorType duckdb_result_error_type(NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong duckdb_column_count(NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* duckdb_column_name(NativeResult* result, ulong column);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr duckdb_column_logical_type(NativeResult* result, ulong column);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong duckdb_rows_changed(NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr duckdb_fetch_chunk(NativeResult result);

    // ---- Prepared statements -------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_prepare(IntPtr connection, string query, out IntPtr statement);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_destroy_prepare(ref IntPtr statement);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* duckdb_prepare_error(IntPtr statement);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong duckdb_nparams(IntPtr statement);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbType duckdb_param_type(IntPtr statement, ulong index);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_clear_bindings(IntPtr statement);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_boolean(IntPtr statement, ulong index, byte value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_int32(IntPtr statement, ulong index, int value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_int64(IntPtr statement, ulong index, long value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_hugeint(IntPtr statement, ulong index, NativeHugeInt value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_double(IntPtr statement, ulong index, double value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_decimal(IntPtr statement, ulong index, NativeDecimal value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_varchar_length(IntPtr statement, ulong index, byte* value, ulong length);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_date(IntPtr statement, ulong index, int days);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_timestamp(IntPtr statement, ulong index, long micros);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_timestamp_tz(IntPtr statement, ulong index, long micros);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_bind_null(IntPtr statement, ulong index);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_execute_prepared(IntPtr statement, NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_execute_prepared_streaming(IntPtr statement, NativeResult* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool duckdb_result_is_streaming(NativeResult result);

    // ---- Data chunks and vectors ---------------------------------------------------------

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr duckdb_create_data_chunk(IntPtr* types, ulong columnCount);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_data_chunk_reset(IntPtr chunk);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [SuppressGCTransition]
    public static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_data_chunk_set_size(IntPtr chunk, ulong size);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [SuppressGCTransition]
    public static partial IntPtr duckdb_data_chunk_get_vector(IntPtr chunk, ulong column);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [SuppressGCTransition]
    public static partial void* duckdb_vector_get_data(IntPtr vector);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [SuppressGCTransition]
    public static partial ulong* duckdb_vector_get_validity(IntPtr vector);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_vector_ensure_validity_writable(IntPtr vector);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_vector_assign_string_element_len(IntPtr vector, ulong index, byte* value, ulong length);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong duckdb_vector_size();

    // ---- Logical types -------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbType duckdb_get_type_id(IntPtr logicalType);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte duckdb_decimal_width(IntPtr logicalType);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte duckdb_decimal_scale(IntPtr logicalType);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbType duckdb_decimal_internal_type(IntPtr logicalType);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbType duckdb_enum_internal_type(IntPtr logicalType);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial uint duckdb_enum_dictionary_size(IntPtr logicalType);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* duckdb_enum_dictionary_value(IntPtr logicalType, ulong index);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void duckdb_destroy_logical_type(ref IntPtr logicalType);

    // ---- Appender ------------------------------------------------------------------------

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_appender_create(IntPtr connection, string? schema, string table, out IntPtr appender);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* duckdb_appender_error(IntPtr appender);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong duckdb_appender_column_count(IntPtr appender);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial IntPtr duckdb_appender_column_type(IntPtr appender, ulong column);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_append_data_chunk(IntPtr appender, IntPtr chunk);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_appender_flush(IntPtr appender);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_appender_close(IntPtr appender);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial DuckDbState duckdb_appender_destroy(ref IntPtr appender);
}

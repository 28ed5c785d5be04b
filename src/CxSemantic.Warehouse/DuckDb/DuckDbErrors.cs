using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace CxSemantic.Warehouse.DuckDb;

/// <summary>DuckDB's error class of a DuckDB.NET exception.</summary>
public static class DuckDbErrors
{
    /// <summary>
    /// The error class (Catalog, Binder, Parser, IO, Interrupt…). DuckDB.NET reports <see cref="DuckDBErrorType.Invalid"/>
    /// for errors raised while a statement is prepared (the C API gives no class there); DuckDB puts the class in front
    /// of the message (<c>Catalog Error: …</c>), which is read then.
    /// </summary>
    public static DuckDBErrorType ErrorClass(this DuckDBException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.ErrorType != DuckDBErrorType.Invalid)
        {
            return exception.ErrorType;
        }

        var message = exception.Message;
        var colon = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return DuckDBErrorType.Invalid;
        }

        var name = message[..colon].Replace(" ", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse<DuckDBErrorType>(name, ignoreCase: true, out var type) ? type : DuckDBErrorType.Invalid;
    }
}

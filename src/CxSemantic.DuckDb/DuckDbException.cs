namespace CxSemantic.DuckDb;

/// <summary>An error reported by DuckDB: its message verbatim, its error class, and the SQL if any.</summary>
public sealed class DuckDbException : Exception
{
    /// <summary>Creates an exception for DuckDB's <paramref name="message"/>.</summary>
    public DuckDbException(string message, DuckDbErrorType errorType = DuckDbErrorType.Invalid, string? sql = null)
        : base(message)
    {
        ErrorType = errorType;
        Sql = sql;
    }

    /// <summary>Creates an exception with no error class.</summary>
    public DuckDbException()
        : this("DuckDB error")
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public DuckDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>DuckDB's error class (Parser, Binder, Catalog, Constraint, Interrupt…).</summary>
    public DuckDbErrorType ErrorType { get; }

    /// <summary>The statement that failed, when there was one.</summary>
    public string? Sql { get; }
}

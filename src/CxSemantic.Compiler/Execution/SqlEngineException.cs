namespace CxSemantic.Compiler.Execution;

/// <summary>Why a database could not answer (as opposed to a query being refused by the compiler).</summary>
public enum SqlEngineFailure
{
    /// <summary>The database cannot be reached or refuses the connection (host, port, credentials, database name).</summary>
    Unavailable,

    /// <summary>The connection broke while the statement ran (the server stopped or ended the session).</summary>
    ConnectionLost,

    /// <summary>The database's own statement time limit (e.g. PostgreSQL's <c>statement_timeout</c>) stopped the statement.</summary>
    StatementTimeout,

    /// <summary>The database has no (or an outdated) warehouse: a table or column the compiled SQL reads is missing.</summary>
    WarehouseMissing,

    /// <summary>The database could not read its storage: an I/O error (a file truncated, replaced or removed under it, a failing disk).</summary>
    StorageError,
}

/// <summary>A database failure, with a message that says what happened and how to fix it.</summary>
public sealed class SqlEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What kind of failure.</param>
    /// <param name="message">What happened and the fix.</param>
    /// <param name="innerException">The provider's exception.</param>
    public SqlEngineException(SqlEngineFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates an exception of kind <see cref="SqlEngineFailure.Unavailable"/>.</summary>
    public SqlEngineException()
        : this(SqlEngineFailure.Unavailable, "The database is unavailable.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="SqlEngineFailure.Unavailable"/>.</summary>
    /// <param name="message">What happened and the fix.</param>
    public SqlEngineException(string message)
        : this(SqlEngineFailure.Unavailable, message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="SqlEngineFailure.Unavailable"/>.</summary>
    /// <param name="message">What happened and the fix.</param>
    /// <param name="innerException">The provider's exception.</param>
    public SqlEngineException(string message, Exception? innerException)
        : this(SqlEngineFailure.Unavailable, message, innerException)
    {
    }

    /// <summary>What kind of failure.</summary>
    public SqlEngineFailure Failure { get; }
}

namespace CxSemantic.Compiler.Queries;

/// <summary>A query the compiler refuses, with a code and a message that says how to fix it.</summary>
public sealed class QueryException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public QueryException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates a refusal with no code.</summary>
    public QueryException()
        : this(QueryErrorCodes.InvalidFilter, "The query was refused.")
    {
    }

    /// <summary>Creates a refusal wrapping another error.</summary>
    public QueryException(string message, Exception innerException)
        : base(message, innerException) => Code = QueryErrorCodes.InvalidFilter;

    /// <summary>The stable code (see <see cref="QueryErrorCodes"/>).</summary>
    public string Code { get; }
}

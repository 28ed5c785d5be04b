using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Execution;

/// <summary>The documented values of <c>extensions.code</c> on errors.</summary>
public static class ErrorCodes
{
    /// <summary>The document is not syntactically valid.</summary>
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    /// <summary>The document failed validation against the schema.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    /// <summary>Variables or arguments could not be coerced, or the operation could not be selected.</summary>
    public const string BadUserInput = "BAD_USER_INPUT";
    /// <summary>The operation nests deeper than <see cref="ExecutionOptions.MaxDepth"/>.</summary>
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    /// <summary>The operation selects more fields than <see cref="ExecutionOptions.MaxFieldCount"/>.</summary>
    public const string MaxFieldsExceeded = "MAX_FIELDS_EXCEEDED";
    /// <summary>The operation's complexity exceeds <see cref="ExecutionOptions.MaxComplexity"/>.</summary>
    public const string MaxComplexityExceeded = "MAX_COMPLEXITY_EXCEEDED";
    /// <summary>The operation uses more aliases than <see cref="ExecutionOptions.MaxAliases"/>.</summary>
    public const string MaxAliasesExceeded = "MAX_ALIASES_EXCEEDED";
    /// <summary>A resolver failed with an unexpected exception (message masked unless exposed).</summary>
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    /// <summary>The requested operation type is not supported (e.g. subscriptions over a plain request).</summary>
    public const string OperationNotSupported = "OPERATION_NOT_SUPPORTED";
    /// <summary>The request is not valid Unicode: bytes that are not UTF-8, or a lone UTF-16 surrogate in a JSON string.</summary>
    public const string InvalidEncoding = "INVALID_ENCODING";
}

/// <summary>An error in a GraphQL response (spec section 7.1.2).</summary>
public sealed class GraphQLError
{
    /// <summary>Creates an error.</summary>
    public GraphQLError(string message, IReadOnlyList<Location>? locations = null, IReadOnlyList<object>? path = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        Message = message;
        Locations = locations ?? [];
        Path = path;
        Extensions = extensions;
    }

    /// <summary>The message.</summary>
    public string Message { get; }
    /// <summary>Source locations.</summary>
    public IReadOnlyList<Location> Locations { get; }
    /// <summary>Response path (string keys and int indices), for field errors.</summary>
    public IReadOnlyList<object>? Path { get; }
    /// <summary>Extensions such as <c>code</c>.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; }
    /// <summary>The <c>extensions.code</c> value, if any.</summary>
    public string? Code => Extensions is not null && Extensions.TryGetValue("code", out var c) ? c as string : null;
    /// <summary>For validation errors: the name of the rule that reported it (e.g. <c>NoUnusedFragmentsRule</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>Returns a copy with a code in extensions.</summary>
    public GraphQLError WithCode(string code)
    {
        var ext = Extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(Extensions);
        ext["code"] = code;
        return new GraphQLError(Message, Locations, Path, ext) { Rule = Rule };
    }

    /// <inheritdoc />
    public override string ToString() => Locations.Count == 0 ? Message : $"{Message} {string.Join(", ", Locations)}";
}

/// <summary>
/// Throw from resolvers or scalar coercion to report an error whose message is shown to the client,
/// optionally with an <c>extensions.code</c>.
/// </summary>
public class GraphQLException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GraphQLException() { }

    /// <summary>Creates the exception with a client-visible message.</summary>
    public GraphQLException(string message) : base(message) { }

    /// <summary>Creates the exception with a client-visible message and a cause.</summary>
    public GraphQLException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a message and an error code.</summary>
    public GraphQLException(string message, string code) : base(message) => Code = code;

    internal GraphQLException(string message, SyntaxNode node) : base(message) => Nodes = [node];

    /// <summary>The <c>extensions.code</c> to report.</summary>
    public string? Code { get; init; }

    /// <summary>Additional extensions to report.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    internal IReadOnlyList<SyntaxNode>? Nodes { get; init; }
}

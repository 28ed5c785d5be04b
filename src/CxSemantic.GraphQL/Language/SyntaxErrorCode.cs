using System.Diagnostics.CodeAnalysis;

namespace CxSemantic.GraphQL.Language;

/// <summary>Why a document could not be parsed.</summary>
public enum SyntaxErrorCode
{
    /// <summary>A character that may not appear in a GraphQL document.</summary>
    InvalidCharacter,
    /// <summary>A character that cannot start a token.</summary>
    UnexpectedCharacter,
    /// <summary>A malformed number.</summary>
    InvalidNumber,
    /// <summary>A string without closing quote.</summary>
    UnterminatedString,
    /// <summary>A bad escape sequence in a string.</summary>
    InvalidEscapeSequence,
    /// <summary>A token that the grammar does not allow here.</summary>
    UnexpectedToken,
    /// <summary>The document exceeds <see cref="ParserOptions.MaxDocumentSize"/>.</summary>
    DocumentTooLarge,
    /// <summary>The document exceeds <see cref="ParserOptions.MaxTokens"/>.</summary>
    TooManyTokens,
    /// <summary>The document nests deeper than <see cref="ParserOptions.MaxRecursionDepth"/>.</summary>
    MaxDepthExceeded,
}

/// <summary>A document could not be parsed; carries the position of the problem.</summary>
public sealed class GraphQLSyntaxException : Exception
{
    /// <summary>Creates a syntax exception.</summary>
    public GraphQLSyntaxException(SyntaxErrorCode code, string description, Location location)
        : base("Syntax Error: " + description)
    {
        Code = code;
        Description = description;
        Location = location;
    }

    /// <summary>Creates a syntax exception with no position.</summary>
    public GraphQLSyntaxException() : this(SyntaxErrorCode.UnexpectedToken, "Unexpected token.", new Location(1, 1, 0)) { }

    /// <summary>Creates a syntax exception with a message.</summary>
    public GraphQLSyntaxException(string message) : this(SyntaxErrorCode.UnexpectedToken, message, new Location(1, 1, 0)) { }

    /// <summary>Creates a syntax exception with a message and inner exception.</summary>
    public GraphQLSyntaxException(string message, Exception innerException) : base(message, innerException) => Description = message;

    /// <summary>The error code.</summary>
    public SyntaxErrorCode Code { get; }

    /// <summary>The message without the "Syntax Error: " prefix.</summary>
    public string Description { get; }

    /// <summary>Where the problem is.</summary>
    public Location Location { get; }
}

internal static class SyntaxThrowHelper
{
    [DoesNotReturn]
    public static void Throw(SyntaxErrorCode code, string description, int line, int column, int offset)
        => throw new GraphQLSyntaxException(code, description, new Location(line, column, offset));
}

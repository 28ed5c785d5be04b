using System.Buffers;
using System.Text;

namespace CxSemantic.GraphQL.Language;

/// <summary>Parses GraphQL documents (executable documents and SDL).</summary>
public static class GraphQLParser
{
    /// <summary>Parses a document from a string.</summary>
    /// <exception cref="GraphQLSyntaxException">The document is not valid GraphQL syntax or exceeds a limit.</exception>
    public static DocumentNode Parse(string source, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= ParserOptions.Default;
        if (source.Length > options.MaxDocumentSize)
        {
            ThrowTooLarge(options);
        }

        int max = Encoding.UTF8.GetMaxByteCount(source.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 4096 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int length = Encoding.UTF8.GetBytes(source, buffer);
            return Parse(buffer[..length], options);
        }
        finally
        {
            if (rented is not null) { ArrayPool<byte>.Shared.Return(rented); }
        }
    }

    /// <summary>Parses a document from UTF-8 bytes.</summary>
    /// <exception cref="GraphQLSyntaxException">The document is not valid GraphQL syntax or exceeds a limit.</exception>
    public static DocumentNode Parse(ReadOnlySpan<byte> utf8Source, ParserOptions? options = null)
    {
        options ??= ParserOptions.Default;
        if (utf8Source.Length > options.MaxDocumentSize)
        {
            ThrowTooLarge(options);
        }

        var parser = new Utf8GraphQLParser(utf8Source, options);
        return parser.ParseDocument();
    }

    /// <summary>Parses a single value literal (e.g. a default value), for tools and tests.</summary>
    public static ValueNode ParseValue(string source, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parser = new Utf8GraphQLParser(Encoding.UTF8.GetBytes(source), options ?? ParserOptions.Default);
        return parser.ParseStandaloneValue();
    }

    /// <summary>Parses a type reference such as <c>[String!]!</c>.</summary>
    public static TypeNode ParseType(string source, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parser = new Utf8GraphQLParser(Encoding.UTF8.GetBytes(source), options ?? ParserOptions.Default);
        return parser.ParseStandaloneType();
    }

    private static void ThrowTooLarge(ParserOptions options)
        => SyntaxThrowHelper.Throw(SyntaxErrorCode.DocumentTooLarge, $"Document size exceeds the maximum of {options.MaxDocumentSize} bytes.", 1, 1, 0);
}

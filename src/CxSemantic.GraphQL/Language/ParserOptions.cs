namespace CxSemantic.GraphQL.Language;

/// <summary>Limits that protect the parser from hostile documents.</summary>
public sealed record ParserOptions
{
    /// <summary>The default options.</summary>
    public static ParserOptions Default { get; } = new();

    /// <summary>Maximum number of tokens in a document (default 15,000).</summary>
    public int MaxTokens { get; init; } = 15_000;

    /// <summary>Maximum nesting depth of selections, values and types (default 64).</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>Maximum document size in UTF-8 bytes (default 1 MiB).</summary>
    public int MaxDocumentSize { get; init; } = 1024 * 1024;
}

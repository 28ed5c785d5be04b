using System.Runtime.CompilerServices;

namespace CxSemantic.GraphQL.Language;

/// <summary>Recursive-descent GraphQL parser. Grammar areas live in partial files.</summary>
internal ref partial struct Utf8GraphQLParser
{
    private Utf8GraphQLReader _reader;
    private readonly ParserOptions _options;
    private int _tokenCount;
    private int _depth;
    private readonly string?[] _nameCache;

    public Utf8GraphQLParser(ReadOnlySpan<byte> source, ParserOptions options)
    {
        _reader = new Utf8GraphQLReader(source);
        _options = options;
        _tokenCount = 0;
        _depth = 0;
        _nameCache = NameCache.Entries;
    }

    public DocumentNode ParseDocument()
    {
        MoveNext();
        var location = _reader.Location;
        var definitions = new List<DefinitionNode>();
        do
        {
            definitions.Add(ParseDefinition());
        }
        while (_reader.Kind != TokenKind.EndOfFile);
        return new DocumentNode(location, definitions);
    }

    public ValueNode ParseStandaloneValue()
    {
        MoveNext();
        var value = ParseValueLiteral(false);
        Expect(TokenKind.EndOfFile);
        return value;
    }

    public TypeNode ParseStandaloneType()
    {
        MoveNext();
        var type = ParseTypeReference();
        Expect(TokenKind.EndOfFile);
        return type;
    }

    private DefinitionNode ParseDefinition()
    {
        if (_reader.Kind == TokenKind.LeftBrace)
        {
            return ParseOperationDefinition();
        }

        bool hasDescription = _reader.Kind is TokenKind.String or TokenKind.BlockString;
        if (hasDescription || _reader.Kind == TokenKind.Name)
        {
            if (hasDescription)
            {
                return ParseTypeSystemDefinitionWithDescription();
            }

            var name = _reader.ValueSpan;
            if (name.SequenceEqual("query"u8) || name.SequenceEqual("mutation"u8) || name.SequenceEqual("subscription"u8))
            {
                return ParseOperationDefinition();
            }

            if (name.SequenceEqual("fragment"u8))
            {
                return ParseFragmentDefinition();
            }

            if (name.SequenceEqual("extend"u8))
            {
                return ParseTypeSystemExtension();
            }

            if (IsTypeSystemKeyword(name))
            {
                return ParseTypeSystemDefinition(null);
            }
        }

        ThrowUnexpected();
        return null!;
    }

    // ---- token helpers -------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveNext()
    {
        if (++_tokenCount > _options.MaxTokens)
        {
            SyntaxThrowHelper.Throw(SyntaxErrorCode.TooManyTokens, $"Document contains more than {_options.MaxTokens} tokens. Parsing aborted.", _reader.Line, _reader.Column, _reader.Start);
        }
        _reader.Read();
    }

    private readonly bool Peek(TokenKind kind) => _reader.Kind == kind;

    private readonly bool PeekKeyword(ReadOnlySpan<byte> keyword) => _reader.Kind == TokenKind.Name && _reader.ValueSpan.SequenceEqual(keyword);

    private Location Expect(TokenKind kind)
    {
        if (_reader.Kind != kind)
        {
            ThrowSyntax($"Expected {KindDescription(kind)}, found {TokenDescription()}.");
        }
        var location = _reader.Location;
        MoveNext();
        return location;
    }

    private bool Skip(TokenKind kind)
    {
        if (_reader.Kind == kind)
        {
            MoveNext();
            return true;
        }
        return false;
    }

    private void ExpectKeyword(ReadOnlySpan<byte> keyword)
    {
        if (!PeekKeyword(keyword))
        {
            ThrowSyntax($"Expected \"{System.Text.Encoding.UTF8.GetString(keyword)}\", found {TokenDescription()}.");
        }
        MoveNext();
    }

    private bool SkipKeyword(ReadOnlySpan<byte> keyword)
    {
        if (PeekKeyword(keyword))
        {
            MoveNext();
            return true;
        }
        return false;
    }

    private NameNode ParseName()
    {
        if (_reader.Kind != TokenKind.Name)
        {
            ThrowSyntax($"Expected Name, found {TokenDescription()}.");
        }
        var node = new NameNode(_reader.Location, NameCache.Get(_nameCache, _reader.ValueSpan));
        MoveNext();
        return node;
    }

    private void EnterRecursion()
    {
        if (++_depth > _options.MaxRecursionDepth)
        {
            SyntaxThrowHelper.Throw(SyntaxErrorCode.MaxDepthExceeded, $"Document exceeds the maximum nesting depth of {_options.MaxRecursionDepth}.", _reader.Line, _reader.Column, _reader.Start);
        }
    }

    private void LeaveRecursion() => _depth--;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private readonly void ThrowUnexpected() => ThrowSyntax($"Unexpected {TokenDescription()}.");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private readonly void ThrowSyntax(string message)
    {
        SyntaxThrowHelper.Throw(SyntaxErrorCode.UnexpectedToken, message, _reader.Line, _reader.Column, _reader.Start);
        throw null!;
    }

    private readonly string TokenDescription()
    {
        var kind = _reader.Kind;
        return kind switch
        {
            TokenKind.Name or TokenKind.Integer or TokenKind.Float => $"{KindDescription(kind)} \"{_reader.GetName()}\"",
            TokenKind.String or TokenKind.BlockString => $"{KindDescription(kind)} \"{_reader.GetString()}\"",
            _ => KindDescription(kind),
        };
    }

    internal static string KindDescription(TokenKind kind) => kind switch
    {
        TokenKind.StartOfFile => "<SOF>",
        TokenKind.EndOfFile => "<EOF>",
        TokenKind.Bang => "\"!\"",
        TokenKind.Dollar => "\"$\"",
        TokenKind.Ampersand => "\"&\"",
        TokenKind.LeftParenthesis => "\"(\"",
        TokenKind.RightParenthesis => "\")\"",
        TokenKind.Spread => "\"...\"",
        TokenKind.Colon => "\":\"",
        TokenKind.Equal => "\"=\"",
        TokenKind.At => "\"@\"",
        TokenKind.LeftBracket => "\"[\"",
        TokenKind.RightBracket => "\"]\"",
        TokenKind.LeftBrace => "\"{\"",
        TokenKind.Pipe => "\"|\"",
        TokenKind.RightBrace => "\"}\"",
        TokenKind.Name => "Name",
        TokenKind.Integer => "Int",
        TokenKind.Float => "Float",
        TokenKind.String => "String",
        TokenKind.BlockString => "BlockString",
        _ => kind.ToString(),
    };
}

/// <summary>Interns short names so that repeated field names share one string.</summary>
internal static class NameCache
{
    private const int Size = 1024;
    [ThreadStatic] private static string?[]? s_entries;

    public static string?[] Entries => s_entries ??= new string?[Size];

    public static string Get(ReadOnlySpan<byte> utf8) => Get(Entries, utf8);

    public static string Get(string?[] entries, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 32)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        uint hash = 2166136261;
        foreach (byte b in utf8) { hash = (hash ^ b) * 16777619; }
        ref string? slot = ref entries[hash & (Size - 1)];
        string? existing = slot;
        if (existing is not null && existing.Length == utf8.Length && Matches(existing, utf8))
        {
            return existing;
        }
        string created = System.Text.Encoding.UTF8.GetString(utf8);
        slot = created;
        return created;
    }

    private static bool Matches(string s, ReadOnlySpan<byte> utf8)
    {
        for (int i = 0; i < utf8.Length; i++)
        {
            if (s[i] != utf8[i]) { return false; }
        }
        return true;
    }
}

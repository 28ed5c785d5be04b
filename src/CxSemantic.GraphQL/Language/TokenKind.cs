namespace CxSemantic.GraphQL.Language;

/// <summary>Lexical token kinds.</summary>
public enum TokenKind : byte
{
    /// <summary>Before the first token.</summary>
    StartOfFile,
    /// <summary>End of input.</summary>
    EndOfFile,
    /// <summary>!</summary>
    Bang,
    /// <summary>$</summary>
    Dollar,
    /// <summary>&amp;</summary>
    Ampersand,
    /// <summary>(</summary>
    LeftParenthesis,
    /// <summary>)</summary>
    RightParenthesis,
    /// <summary>...</summary>
    Spread,
    /// <summary>:</summary>
    Colon,
    /// <summary>=</summary>
    Equal,
    /// <summary>@</summary>
    At,
    /// <summary>[</summary>
    LeftBracket,
    /// <summary>]</summary>
    RightBracket,
    /// <summary>{</summary>
    LeftBrace,
    /// <summary>|</summary>
    Pipe,
    /// <summary>}</summary>
    RightBrace,
    /// <summary>A name.</summary>
    Name,
    /// <summary>An integer.</summary>
    Integer,
    /// <summary>A float.</summary>
    Float,
    /// <summary>A quoted string.</summary>
    String,
    /// <summary>A block string.</summary>
    BlockString,
}

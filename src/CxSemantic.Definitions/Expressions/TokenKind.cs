namespace CxSemantic.Definitions.Expressions;

/// <summary>Tokens of the expression language. Keywords are recognised case-insensitively.</summary>
internal enum TokenKind
{
    /// <summary>No more input.</summary>
    EndOfInput,

    /// <summary>Text that is not a token; <see cref="ExpressionLexer.Error"/> says why.</summary>
    Invalid,

    /// <summary>A name: <c>[A-Za-z_][A-Za-z0-9_]*</c> that is not a keyword.</summary>
    Identifier,

    /// <summary>Digits.</summary>
    Integer,

    /// <summary>Digits with a fractional part: <c>60.0</c>, <c>.5</c>.</summary>
    Decimal,

    /// <summary>A single-quoted string, quotes included in the token.</summary>
    String,

    /// <summary><c>(</c>.</summary>
    LeftParenthesis,

    /// <summary><c>)</c>.</summary>
    RightParenthesis,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>.</c>.</summary>
    Dot,

    /// <summary><c>+</c>.</summary>
    Plus,

    /// <summary><c>-</c>.</summary>
    Minus,

    /// <summary><c>*</c>.</summary>
    Star,

    /// <summary><c>/</c>.</summary>
    Slash,

    /// <summary><c>%</c>.</summary>
    Percent,

    /// <summary><c>=</c>.</summary>
    Equal,

    /// <summary><c>!=</c> or <c>&lt;&gt;</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>and</c>.</summary>
    And,

    /// <summary><c>or</c>.</summary>
    Or,

    /// <summary><c>not</c>.</summary>
    Not,

    /// <summary><c>in</c>.</summary>
    In,

    /// <summary><c>between</c>.</summary>
    Between,

    /// <summary><c>is</c>.</summary>
    Is,

    /// <summary><c>null</c>.</summary>
    Null,

    /// <summary><c>like</c>.</summary>
    Like,

    /// <summary><c>true</c>.</summary>
    True,

    /// <summary><c>false</c>.</summary>
    False,

    /// <summary><c>case</c>.</summary>
    Case,

    /// <summary><c>when</c>.</summary>
    When,

    /// <summary><c>then</c>.</summary>
    Then,

    /// <summary><c>else</c>.</summary>
    Else,

    /// <summary><c>end</c>.</summary>
    End,

    /// <summary><c>date</c>: a literal prefix before a string, otherwise an ordinary name.</summary>
    Date,

    /// <summary><c>timestamp</c>: a literal prefix before a string, otherwise an ordinary name.</summary>
    Timestamp,
}

/// <summary>Why a token is <see cref="TokenKind.Invalid"/>.</summary>
internal enum LexError
{
    /// <summary>The token is valid.</summary>
    None,

    /// <summary>A character no token starts with.</summary>
    UnexpectedCharacter,

    /// <summary>A string without its closing quote (the token is the opening quote).</summary>
    UnterminatedString,

    /// <summary><c>"</c>.</summary>
    DoubleQuote,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>--</c> or <c>/*</c>.</summary>
    Comment,

    /// <summary>Digits running into letters: <c>12abc</c>, <c>1e5</c>.</summary>
    InvalidNumber,

    /// <summary><c>==</c>, <c>&amp;&amp;</c>, <c>||</c> or a lone <c>!</c>.</summary>
    MistypedOperator,
}

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Stable codes of expression diagnostics. <c>CXE00xx</c> are syntax errors (the text is not an
/// expression); <c>CXE01xx</c> are type errors (the expression does not fit the model's columns).
/// Codes never change meaning; retired codes are not reused.
/// </summary>
public static class ExpressionErrorCodes
{
    /// <summary>The expression is empty.</summary>
    public const string Empty = "CXE0001";

    /// <summary>The expression is longer than <see cref="ExpressionLimits.MaxLength"/>.</summary>
    public const string TooLong = "CXE0002";

    /// <summary>The expression nests deeper than <see cref="ExpressionLimits.MaxDepth"/>.</summary>
    public const string TooDeep = "CXE0003";

    /// <summary>A character that no token can start with.</summary>
    public const string UnexpectedCharacter = "CXE0004";

    /// <summary>A string literal without its closing quote.</summary>
    public const string UnterminatedString = "CXE0005";

    /// <summary>A double quote (quoted identifiers are not part of the language).</summary>
    public const string DoubleQuote = "CXE0006";

    /// <summary>A semicolon (statement separator).</summary>
    public const string Semicolon = "CXE0007";

    /// <summary>A SQL comment.</summary>
    public const string Comment = "CXE0008";

    /// <summary>A malformed number such as <c>12abc</c>.</summary>
    public const string InvalidNumber = "CXE0009";

    /// <summary>A number that does not fit its type.</summary>
    public const string NumberOutOfRange = "CXE0010";

    /// <summary>An operator from another language (<c>==</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>).</summary>
    public const string MistypedOperator = "CXE0011";

    /// <summary>A token that cannot appear where it is.</summary>
    public const string UnexpectedToken = "CXE0012";

    /// <summary>More text after a complete expression.</summary>
    public const string UnexpectedAfterExpression = "CXE0013";

    /// <summary>Two comparisons in a row, such as <c>a &lt; b &lt; c</c>.</summary>
    public const string ChainedComparison = "CXE0014";

    /// <summary>An <c>in ()</c> list without values.</summary>
    public const string EmptyInList = "CXE0015";

    /// <summary>A <c>case</c> without any <c>when</c>.</summary>
    public const string CaseWithoutWhen = "CXE0016";

    /// <summary>A function that is not in the whitelist.</summary>
    public const string UnknownFunction = "CXE0017";

    /// <summary>An aggregate function inside an expression.</summary>
    public const string AggregateNotAllowed = "CXE0018";

    /// <summary>A function called with the wrong number of arguments.</summary>
    public const string FunctionArity = "CXE0019";

    /// <summary>A <c>date '…'</c> literal that is not a valid ISO date.</summary>
    public const string InvalidDate = "CXE0020";

    /// <summary>A <c>timestamp '…'</c> literal that is not a valid UTC ISO instant.</summary>
    public const string InvalidTimestamp = "CXE0021";

    /// <summary>A column name with upper-case letters.</summary>
    public const string NameNotLowerCase = "CXE0022";

    /// <summary>A column that the scope does not know.</summary>
    public const string UnknownColumn = "CXE0101";

    /// <summary>An operand that should be true/false.</summary>
    public const string NotBoolean = "CXE0102";

    /// <summary>An operand that should be a number.</summary>
    public const string NotNumeric = "CXE0103";

    /// <summary>An operand that should be a string.</summary>
    public const string NotString = "CXE0104";

    /// <summary>An operand that should be an integer.</summary>
    public const string NotInteger = "CXE0105";

    /// <summary>Two values that cannot be compared.</summary>
    public const string Incomparable = "CXE0106";

    /// <summary>A string compared with a date or timestamp.</summary>
    public const string StringForTemporal = "CXE0107";

    /// <summary>A comparison with the null literal.</summary>
    public const string ComparisonWithNull = "CXE0108";

    /// <summary>A string that is not one of an enumeration column's values.</summary>
    public const string NotAnEnumValue = "CXE0109";

    /// <summary>An ordering comparison between true/false values.</summary>
    public const string BooleanOrdering = "CXE0110";

    /// <summary>Values of different types where one type is needed (case branches, coalesce …).</summary>
    public const string MixedTypes = "CXE0111";

    /// <summary>A where filter that is not a true/false condition.</summary>
    public const string NotAPredicate = "CXE0112";

    /// <summary>A value that cannot be ordered (least / greatest of true/false values).</summary>
    public const string NotOrderable = "CXE0113";

    /// <summary>An operand that should be a timestamp.</summary>
    public const string NotTimestamp = "CXE0115";

    /// <summary>Warning: an <c>is null</c> test on a column that is never null.</summary>
    public const string NeverNull = "CXE0114";
}

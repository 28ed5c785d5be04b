namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Message templates of expression diagnostics (composite format, invariant culture). Each says what
/// is wrong and how to fix it. Tests assert the template plus its arguments; the matching codes are in
/// <see cref="ExpressionErrorCodes"/>. Expression text is quoted with backticks, names and values with
/// single quotes.
/// </summary>
public static class ExpressionErrorMessages
{
    /// <summary>No arguments.</summary>
    public const string Empty =
        "The expression is empty; write a condition or a value, for example `channel = 'voice'`.";

    /// <summary>{0} length, {1} limit.</summary>
    public const string TooLong =
        "The expression is {0} characters long; the limit is {1}. Move parts of it into named dimensions or separate filters.";

    /// <summary>{0} limit.</summary>
    public const string TooDeep =
        "The expression nests more than {0} levels deep; flatten it (for example use 'in (…)' instead of nested 'or's).";

    /// <summary>{0} the character, {1} its code point (hex).</summary>
    public const string UnexpectedCharacter =
        "Unexpected character '{0}' (U+{1}); expressions contain only names, numbers, 'quoted strings', operators, commas and parentheses.";

    /// <summary>No arguments.</summary>
    public const string UnterminatedString =
        "This string is not closed; end it with a single quote (write '' for a quote inside the string).";

    /// <summary>No arguments.</summary>
    public const string DoubleQuote =
        "Double quotes are not allowed; write strings in single quotes ('voice') and column names without quotes.";

    /// <summary>No arguments.</summary>
    public const string Semicolon =
        "';' is not allowed: an expression is a single condition or value, not a SQL statement; remove it.";

    /// <summary>No arguments.</summary>
    public const string Comment =
        "SQL comments ('--', '/* */') are not allowed in expressions; put comments in the YAML after '#'.";

    /// <summary>{0} the text.</summary>
    public const string InvalidNumber =
        "'{0}' is not a valid number; write integers like 42 and decimals like 0.5 (no exponents or suffixes).";

    /// <summary>{0} the text.</summary>
    public const string NumberOutOfRange =
        "The number {0} is out of range; integers must fit in 64 bits and decimals in 28 significant digits.";

    /// <summary>{0} the operator written, {1} the one to use.</summary>
    public const string MistypedOperator = "'{0}' is not an operator here; use {1}.";

    /// <summary>{0} what was found, {1} what was expected.</summary>
    public const string UnexpectedToken = "Unexpected {0}; expected {1}.";

    /// <summary>{0} what was found.</summary>
    public const string UnexpectedAfterExpression =
        "Unexpected {0} after a complete expression; combine conditions with 'and' or 'or'.";

    /// <summary>{0} the second operator.</summary>
    public const string ChainedComparison =
        "Comparisons cannot be chained ('{0}' follows another comparison); write them separately, joined with 'and' (a < b and b < c).";

    /// <summary>No arguments.</summary>
    public const string EmptyInList =
        "An 'in' list needs at least one value, for example `channel in ('voice', 'chat')`.";

    /// <summary>No arguments.</summary>
    public const string CaseWithoutWhen =
        "A 'case' needs at least one 'when … then …' branch, for example `case when score >= 9 then 1 else 0 end`.";

    /// <summary>{0} the name, {1} the allowed functions, {2} a did-you-mean hint or nothing.</summary>
    public const string UnknownFunction = "'{0}' is not an allowed function; use one of: {1}.{2}";

    /// <summary>{0} the name.</summary>
    public const string AggregateNotAllowed =
        "'{0}' is an aggregate; expressions work on one row, so declare aggregation with 'agg:' on the measure instead.";

    /// <summary>{0} the function, {1} the expected count, {2} the given count, {3} the signature.</summary>
    public const string FunctionArity = "'{0}' takes {1}, but {2} given; call it as {3}.";

    /// <summary>{0} the text.</summary>
    public const string InvalidDate =
        "'{0}' is not a valid date; write date 'YYYY-MM-DD', for example date '2026-01-31'.";

    /// <summary>{0} the text.</summary>
    public const string InvalidTimestamp =
        "'{0}' is not a valid timestamp; write timestamp 'YYYY-MM-DDTHH:MM:SSZ' in UTC, for example timestamp '2026-01-31T08:00:00Z'.";

    /// <summary>{0} the name written, {1} the lower-case name.</summary>
    public const string NameNotLowerCase = "Column names are lower-case; write '{1}' instead of '{0}'.";

    /// <summary>{0} the column, {1} a did-you-mean hint or nothing.</summary>
    public const string UnknownColumn =
        "Unknown column '{0}'; it is not a column of this model or of a declared join, so check the spelling or declare it.{1}";

    /// <summary>{0} where, {1} the operand, {2} its type.</summary>
    public const string NotBoolean =
        "{0} needs a true/false condition, but `{1}` is {2}; compare it with a value (for example `{1} = …`) or test it with 'is not null'.";

    /// <summary>{0} where, {1} the operand, {2} its type.</summary>
    public const string NotNumeric =
        "{0} needs a number (Integer or Decimal), but `{1}` is {2}; use a numeric column or literal here.";

    /// <summary>{0} where, {1} the operand, {2} its type.</summary>
    public const string NotTimestamp =
        "{0} needs a timestamp (an instant such as started_at), but `{1}` is {2}; use a Timestamp column here.";

    /// <summary>{0} where, {1} the operand, {2} its type.</summary>
    public const string NotString =
        "{0} works on strings, but `{1}` is {2}; use a String column or a 'quoted' literal here.";

    /// <summary>{0} where, {1} the operand, {2} its type.</summary>
    public const string NotInteger =
        "{0} must be a whole number, but `{1}` is {2}; write an integer such as 2.";

    /// <summary>{0} left, {1} its type, {2} right, {3} its type.</summary>
    public const string Incomparable =
        "Cannot compare `{0}` ({1}) with `{2}` ({3}); both sides must be numbers, strings, dates/timestamps, or true/false values.";

    /// <summary>{0} the temporal side, {1} its type, {2} the string literal as written, {3} the literal keyword to use.</summary>
    public const string StringForTemporal =
        "`{0}` is a {1}, but {2} is a string; write {3} {2} to compare it with a {1}.";

    /// <summary>{0} the other operand.</summary>
    public const string ComparisonWithNull =
        "Comparing with null is never true in SQL; write `{0} is null` or `{0} is not null` instead.";

    /// <summary>{0} the value, {1} the column, {2} the allowed values, {3} a did-you-mean hint or nothing.</summary>
    public const string NotAnEnumValue = "'{0}' is not a value of {1}; expected one of: {2}.{3}";

    /// <summary>{0} the operator.</summary>
    public const string BooleanOrdering =
        "'{0}' cannot order true/false values; compare them with '=' or '!=' instead.";

    /// <summary>{0} what mixes them, {1} one type, {2} the other.</summary>
    public const string MixedTypes =
        "{0} mixes {1} and {2}; make all its values the same type (Integer may mix with Decimal, and Date with Timestamp).";

    /// <summary>{0} the expression, {1} its type.</summary>
    public const string NotAPredicate =
        "A where filter must be a true/false condition; `{0}` is {1}. Compare it with a value (for example `{0} = …`) or test it with 'is not null'.";

    /// <summary>{0} where, {1} the operand, {2} its type.</summary>
    public const string NotOrderable =
        "{0} needs values that can be ordered (numbers, strings, dates or timestamps), but `{1}` is {2}; pass such a value instead.";

    /// <summary>{0} the column, {1} the constant result.</summary>
    public const string NeverNull =
        "'{0}' is declared not nullable, so this test is always {1}; remove it or fix the column's declaration.";
}

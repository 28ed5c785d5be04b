namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// Hard limits of the parser. They exist so that a hostile or generated definition cannot exhaust
/// memory or the stack: the parser is recursive, and everything downstream (type checker, printer,
/// dialect compilers) walks the tree recursively too.
/// </summary>
public static class ExpressionLimits
{
    /// <summary>Maximum length of an expression in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Maximum nesting depth: the whole expression is level 1, and each parenthesis, function argument,
    /// <c>case</c> part, <c>in</c> list item, prefix operator (<c>not</c>, unary minus) and each further
    /// operand of an operator chain (<c>a or b or c</c>) adds one level. This bounds the depth of the tree,
    /// so long chains count too: 64 <c>or</c>s in a row should be an <c>in (…)</c> list anyway.
    /// </summary>
    public const int MaxDepth = 64;
}

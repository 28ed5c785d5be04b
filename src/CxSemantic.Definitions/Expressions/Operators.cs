namespace CxSemantic.Definitions.Expressions;

/// <summary>Prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary><c>not x</c>.</summary>
    Not,

    /// <summary><c>-x</c>.</summary>
    Negate,
}

/// <summary>Infix operators, in three families: logical, comparison, arithmetic.</summary>
public enum BinaryOperator
{
    /// <summary><c>and</c>.</summary>
    And,

    /// <summary><c>or</c>.</summary>
    Or,

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

    /// <summary><c>+</c>.</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c>: always a Decimal result (see <see cref="ExpressionTypeChecker"/>).</summary>
    Divide,

    /// <summary><c>%</c>.</summary>
    Modulo,
}

/// <summary>Facts about operators shared by the parser, the printer and the type checker.</summary>
public static class OperatorFacts
{
    /// <summary>The canonical spelling of the operator.</summary>
    public static string Text(BinaryOperator op) => op switch
    {
        BinaryOperator.And => "and",
        BinaryOperator.Or => "or",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>True for <c>and</c> and <c>or</c>.</summary>
    public static bool IsLogical(BinaryOperator op) => op is BinaryOperator.And or BinaryOperator.Or;

    /// <summary>True for <c>= != &lt; &lt;= &gt; &gt;=</c>.</summary>
    public static bool IsComparison(BinaryOperator op) => op is >= BinaryOperator.Equal and <= BinaryOperator.GreaterOrEqual;

    /// <summary>True for <c>+ - * / %</c>.</summary>
    public static bool IsArithmetic(BinaryOperator op) => op is >= BinaryOperator.Add and <= BinaryOperator.Modulo;

    /// <summary>True for the comparisons that order values (<c>&lt; &lt;= &gt; &gt;=</c>).</summary>
    public static bool IsOrdering(BinaryOperator op) => op is >= BinaryOperator.Less and <= BinaryOperator.GreaterOrEqual;
}

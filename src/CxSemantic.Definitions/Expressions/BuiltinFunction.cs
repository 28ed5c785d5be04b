using System.Collections.Immutable;

namespace CxSemantic.Definitions.Expressions;

/// <summary>
/// The only functions an expression may call. The list is fixed on purpose: every function here has
/// the same meaning on DuckDB, PostgreSQL and SQL Server (or a direct rewrite), and nothing else can
/// smuggle raw SQL through a definition.
/// </summary>
public enum BuiltinFunction
{
    /// <summary><c>coalesce(a, b, …)</c>: the first non-null value; 2 or more arguments of one type.</summary>
    Coalesce,

    /// <summary><c>nullif(a, b)</c>: null when a = b, else a.</summary>
    NullIf,

    /// <summary><c>abs(n)</c>: absolute value.</summary>
    Abs,

    /// <summary><c>round(n[, digits])</c>: rounded to digits decimals (default 0).</summary>
    Round,

    /// <summary><c>least(a, b, …)</c>: the smallest value.</summary>
    Least,

    /// <summary><c>greatest(a, b, …)</c>: the largest value.</summary>
    Greatest,

    /// <summary><c>lower(s)</c>.</summary>
    Lower,

    /// <summary><c>upper(s)</c>.</summary>
    Upper,

    /// <summary><c>length(s)</c>: number of characters.</summary>
    Length,

    /// <summary><c>seconds_between(from, to)</c>: the exact time from one instant to another, in seconds (negative when to is earlier).</summary>
    SecondsBetween,
}

/// <summary>Names and arities of the <see cref="BuiltinFunction"/>s.</summary>
public static class BuiltinFunctions
{
    private static readonly ImmutableArray<BuiltinFunction> All = [.. Enum.GetValues<BuiltinFunction>()];

    /// <summary>The lower-case name used in expressions.</summary>
    public static string NameOf(BuiltinFunction function) => function switch
    {
        BuiltinFunction.Coalesce => "coalesce",
        BuiltinFunction.NullIf => "nullif",
        BuiltinFunction.Abs => "abs",
        BuiltinFunction.Round => "round",
        BuiltinFunction.Least => "least",
        BuiltinFunction.Greatest => "greatest",
        BuiltinFunction.Lower => "lower",
        BuiltinFunction.Upper => "upper",
        BuiltinFunction.Length => "length",
        BuiltinFunction.SecondsBetween => "seconds_between",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>The fewest arguments the function takes.</summary>
    public static int MinArguments(BuiltinFunction function) => function switch
    {
        BuiltinFunction.Coalesce or BuiltinFunction.NullIf or BuiltinFunction.Least or BuiltinFunction.Greatest or BuiltinFunction.SecondsBetween => 2,
        _ => 1,
    };

    /// <summary>The most arguments the function takes (<see cref="int.MaxValue"/> when unbounded).</summary>
    public static int MaxArguments(BuiltinFunction function) => function switch
    {
        BuiltinFunction.Coalesce or BuiltinFunction.Least or BuiltinFunction.Greatest => int.MaxValue,
        BuiltinFunction.NullIf or BuiltinFunction.Round or BuiltinFunction.SecondsBetween => 2,
        _ => 1,
    };

    /// <summary>How the function is called, for messages: <c>round(number[, digits])</c>.</summary>
    public static string Signature(BuiltinFunction function) => function switch
    {
        BuiltinFunction.Coalesce => "coalesce(value, value, …)",
        BuiltinFunction.NullIf => "nullif(value, value_meaning_null)",
        BuiltinFunction.Abs => "abs(number)",
        BuiltinFunction.Round => "round(number[, digits])",
        BuiltinFunction.Least => "least(value, value, …)",
        BuiltinFunction.Greatest => "greatest(value, value, …)",
        BuiltinFunction.Lower => "lower(text)",
        BuiltinFunction.Upper => "upper(text)",
        BuiltinFunction.Length => "length(text)",
        BuiltinFunction.SecondsBetween => "seconds_between(timestamp, timestamp)",
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>All function names, comma-separated, for messages.</summary>
    internal static string NameList { get; } = string.Join(", ", All.Select(NameOf));

    /// <summary>All function names, for did-you-mean.</summary>
    internal static ImmutableArray<string> Names { get; } = [.. All.Select(NameOf)];

    /// <summary>Finds a function by name, ignoring case (function names are keywords, like <c>and</c>).</summary>
    public static bool TryLookup(ReadOnlySpan<char> name, out BuiltinFunction function)
    {
        foreach (var candidate in All)
        {
            if (name.Equals(NameOf(candidate), StringComparison.OrdinalIgnoreCase))
            {
                function = candidate;
                return true;
            }
        }

        function = default;
        return false;
    }

    /// <summary>
    /// True for SQL aggregate names; they get their own message because metric authors reach for
    /// them first, and the fix (the measure's <c>agg:</c>) is not obvious from "unknown function".
    /// </summary>
    internal static bool IsAggregateName(ReadOnlySpan<char> name) =>
        name.Equals("count", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("sum", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("avg", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("min", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("max", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("median", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("stddev", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("percentile_cont", StringComparison.OrdinalIgnoreCase);
}

using System.Collections.Immutable;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CxSemantic.Definitions.Tests.Expressions.ExpressionTestSupport;

namespace CxSemantic.Definitions.Tests.Expressions;

/// <summary>
/// Properties over random trees and random text: printing is a faithful inverse of parsing, and no
/// input makes the parser or type checker throw.
/// </summary>
public class ExpressionPropertyTests
{
    private static readonly SourceSpan Nowhere = SourceSpan.None;

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true);

    // Names that are not keywords; 'date' is a soft keyword and must still round-trip as a column.
    private static readonly Gen<string> Names = Gen.Elements("channel", "handoffs", "score", "customers", "segment", "a", "_x1", "date", "timestamp");

    private static readonly Gen<string> Texts = Gen.Elements(
        "", "voice", "it's", "''", "a b", "--", "/* x */", ";", "\"q\"", "ünïcode", "line\nbreak", "%_", "end");

    private static Gen<Expression> Literals { get; } = Gen.OneOf(
        Gen.Choose(0, int.MaxValue).Select(i => (Expression)LiteralExpression.FromInteger(i, Nowhere)),
        Gen.Elements(0L, long.MaxValue).Select(i => (Expression)LiteralExpression.FromInteger(i, Nowhere)),
        from units in Gen.Choose(0, 10_000_000)
        from scale in Gen.Choose(0, 6)
        select (Expression)LiteralExpression.FromDecimal(new decimal(units, 0, 0, false, (byte)scale), Nowhere),
        Texts.Select(s => (Expression)LiteralExpression.FromString(s, Nowhere)),
        Gen.Elements(true, false).Select(b => (Expression)LiteralExpression.FromBoolean(b, Nowhere)),
        Gen.Constant((Expression)LiteralExpression.Null(Nowhere)),
        from year in Gen.Choose(1990, 2040)
        from day in Gen.Choose(0, 364)
        select (Expression)LiteralExpression.FromDate(new LocalDate(year, 1, 1).PlusDays(day), Nowhere),
        from seconds in Gen.Choose(0, int.MaxValue)
        from millis in Gen.Elements(0, 0, 500, 123)
        select (Expression)LiteralExpression.FromTimestamp(Instant.FromUnixTimeSeconds(seconds).Plus(Duration.FromMilliseconds(millis)), Nowhere));

    private static Gen<Expression> Columns { get; } =
        from length in Gen.Choose(1, 3)
        from path in Gen.ArrayOf(Names, length)
        select (Expression)new ColumnReference(Nowhere, [.. path]);

    private static Gen<ImmutableArray<Expression>> ListOf(Gen<Expression> items, int min, int max) =>
        from count in Gen.Choose(min, max)
        from array in Gen.ArrayOf(items, count)
        select ImmutableArray.Create(array);

    /// <summary>Random trees of every node kind, at most <paramref name="depth"/> levels below the root.</summary>
    private static Gen<Expression> Trees(int depth)
    {
        var leaves = Gen.Frequency((1, Literals), (1, Columns));
        if (depth == 0)
        {
            return leaves;
        }

        var sub = Trees(depth - 1);
        var functions = Enum.GetValues<BuiltinFunction>();
        return Gen.Frequency(
            (3, leaves),
            (3, from op in Gen.Elements(Enum.GetValues<BinaryOperator>())
                from left in sub
                from right in sub
                select (Expression)new BinaryExpression(Nowhere, op, left, right)),
            (2, from op in Gen.Elements(UnaryOperator.Not, UnaryOperator.Negate)
                from operand in sub
                select (Expression)new UnaryExpression(Nowhere, op, operand)),
            (1, from value in sub
                from items in ListOf(sub, 1, 3)
                from negated in Gen.Elements(true, false)
                select (Expression)new InExpression(Nowhere, value, items, negated)),
            (1, from value in sub
                from low in sub
                from high in sub
                from negated in Gen.Elements(true, false)
                select (Expression)new BetweenExpression(Nowhere, value, low, high, negated)),
            (1, from operand in sub
                from negated in Gen.Elements(true, false)
                select (Expression)new IsNullExpression(Nowhere, operand, negated)),
            (1, from value in sub
                from pattern in sub
                from negated in Gen.Elements(true, false)
                select (Expression)new LikeExpression(Nowhere, value, pattern, negated)),
            (1, from function in Gen.Elements(functions)
                from arguments in ListOf(sub, BuiltinFunctions.MinArguments(function), Math.Min(BuiltinFunctions.MaxArguments(function), BuiltinFunctions.MinArguments(function) + 2))
                select (Expression)new FunctionCall(Nowhere, function, arguments)),
            (1, from conditions in ListOf(sub, 1, 3)
                from results in Gen.ArrayOf(sub, conditions.Length)
                from otherwise in Gen.OneOf(sub.Select(e => (Expression?)e), Gen.Constant((Expression?)null))
                select (Expression)new CaseExpression(
                    Nowhere,
                    [.. conditions.Zip(results, (c, r) => new WhenClause(Nowhere, c, r))],
                    otherwise)));
    }

    [Fact]
    public void Printing_then_parsing_gives_an_equivalent_tree()
    {
        Prop.ForAll(Arb.From(Trees(4)), (Expression tree) =>
        {
            var text = ExpressionPrinter.Print(tree);
            var parsed = ExpressionParser.Parse(text);
            return (parsed.Success && ExpressionEquivalence.AreEquivalent(tree, parsed.Value) && ExpressionPrinter.Print(parsed.Value) == text)
                .Label($"{text} -> {(parsed.Success ? ExpressionPrinter.Print(parsed.Value) : string.Join("; ", parsed.Diagnostics))}");
        }).Check(Runs);
    }

    [Fact]
    public void Type_checking_random_trees_never_throws()
    {
        Prop.ForAll(Arb.From(Trees(4)), (Expression tree) =>
        {
            var result = ExpressionTypeChecker.CheckPredicate(tree, Interactions);
            return result.Success || !result.Diagnostics.IsEmpty;
        }).Check(Runs);
    }

    private static readonly string[] Fragments =
    [
        "a", "b.c", "channel", "date", "timestamp", "1", "2.5", ".5", "'x'", "'it''s'", "'open", "\"", "(", ")", ",", ".",
        "+", "-", "*", "/", "%", "=", "!=", "<>", "<", "<=", ">", ">=", "!", "==", "&&", "||", ";", "--", "/*", "#",
        "and", "or", "not", "in", "between", "is", "null", "like", "true", "false", "case", "when", "then", "else", "end",
        "coalesce", "nullif", "abs", "round", "least", "greatest", "lower", "upper", "length", "count", "\n", "é", "Channel",
    ];

    [Fact]
    public void Random_token_soup_never_throws()
    {
        var soup =
            from count in Gen.Choose(0, 25)
            from parts in Gen.ArrayOf(Gen.Elements(Fragments), count)
            from separator in Gen.Elements(" ", "")
            select string.Join(separator, parts);
        Prop.ForAll(Arb.From(soup), ParsesOrExplains).Check(Runs);
    }

    [Fact]
    public void Random_characters_never_throw()
    {
        var characters = Gen.Elements("ab_z09 .,'\"()+-*/%=<>!;|&#\n\t\u00e9\u2019\ud83d\ude00\ud800\udc00".ToCharArray());
        var text =
            from count in Gen.Choose(0, 40)
            from chars in Gen.ArrayOf(characters, count)
            select new string(chars);
        Prop.ForAll(Arb.From(text), ParsesOrExplains).Check(Runs);
    }

    /// <summary>Success comes with a tree that prints and re-parses; failure with at least one positioned error.</summary>
    private static bool ParsesOrExplains(string text)
    {
        var result = ExpressionParser.Parse(text, new SourceSpan("p.yaml", 5, 3));
        if (!result.Success)
        {
            return !result.Diagnostics.IsEmpty && result.Diagnostics.All(d => d.Span.Line >= 5 && d.Span.Column >= 1 && d.Message.Length > 0);
        }

        ExpressionTypeChecker.Check(result.Value, Interactions);
        var reparsed = ExpressionParser.Parse(ExpressionPrinter.Print(result.Value));
        return reparsed.Success && ExpressionEquivalence.AreEquivalent(result.Value, reparsed.Value);
    }
}

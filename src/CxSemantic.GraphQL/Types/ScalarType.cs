using System.Globalization;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;

namespace CxSemantic.GraphQL.Types;

/// <summary>
/// A scalar type. Built-in scalars are static properties; custom scalars pass coercion functions
/// (throw <see cref="GraphQLException"/> with a message to reject a value).
/// </summary>
public class ScalarType : NamedType
{
    private readonly Func<object?, object?>? _serialize;
    private readonly Func<object?, object?>? _parseValue;
    private readonly Func<ValueNode, object?>? _parseLiteral;

    /// <summary>Creates a custom scalar.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="description">The description.</param>
    /// <param name="serialize">Converts a resolved value to a JSON-compatible result value.</param>
    /// <param name="parseValue">Converts a variable value (from JSON: string, long, double, bool, list, dictionary) to the runtime value.</param>
    /// <param name="parseLiteral">Converts a literal (without variables) to the runtime value; defaults to <paramref name="parseValue"/> over the literal's plain value.</param>
    /// <param name="specifiedByUrl">The URL of the scalar's specification.</param>
    public ScalarType(string name, string? description = null, Func<object?, object?>? serialize = null, Func<object?, object?>? parseValue = null, Func<ValueNode, object?>? parseLiteral = null, string? specifiedByUrl = null)
        : base(name, description)
    {
        _serialize = serialize;
        _parseValue = parseValue;
        _parseLiteral = parseLiteral;
        SpecifiedByUrl = specifiedByUrl;
    }

    /// <summary>The URL given by @specifiedBy.</summary>
    public string? SpecifiedByUrl { get; }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Scalar;

    /// <summary>Whether this is one of the five built-in scalars.</summary>
    public bool IsSpecified => this is IntScalar or FloatScalar or StringScalar or BooleanScalar or IdScalar;

    /// <summary>Converts a resolved value to a result value.</summary>
    public virtual object? Serialize(object? value) => _serialize is null ? value : _serialize(value);

    /// <summary>Converts an external input value to the runtime value.</summary>
    public virtual object? ParseValue(object? value) => _parseValue is null ? value : _parseValue(value);

    /// <summary>Converts a literal (variables already substituted) to the runtime value.</summary>
    public virtual object? ParseLiteral(ValueNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _parseLiteral is not null ? _parseLiteral(node) : ParseValue(ValueHelpers.ValueFromAstUntyped(node, null));
    }

    /// <summary>The built-in Int scalar (32-bit signed).</summary>
    public static ScalarType Int { get; } = new IntScalar();
    /// <summary>The built-in Float scalar (double).</summary>
    public static ScalarType Float { get; } = new FloatScalar();
    /// <summary>The built-in String scalar.</summary>
    public static ScalarType String { get; } = new StringScalar();
    /// <summary>The built-in Boolean scalar.</summary>
    public static ScalarType Boolean { get; } = new BooleanScalar();
    /// <summary>The built-in ID scalar.</summary>
    public static ScalarType ID { get; } = new IdScalar();

    /// <summary>An ISO-8601 calendar date (yyyy-MM-dd) backed by <see cref="DateOnly"/>.</summary>
    public static ScalarType Date { get; } = new ScalarType(
        "Date",
        "An ISO-8601 calendar date, e.g. 2024-01-31.",
        serialize: v => v switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime dt => DateOnly.FromDateTime(dt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset dto => DateOnly.FromDateTime(dto.Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string s when TryParseDate(s, out _) => s,
            _ => throw new GraphQLException($"Date cannot represent value: {ValueHelpers.Inspect(v)}"),
        },
        parseValue: v => v is string s && TryParseDate(s, out var d)
            ? d
            : throw new GraphQLException($"Date cannot represent value: {ValueHelpers.Inspect(v)}"),
        parseLiteral: n => n is StringValueNode s && TryParseDate(s.Value, out var d)
            ? d
            : throw new GraphQLException($"Date cannot represent value: {AstPrinter.Print(n)}"),
        specifiedByUrl: "https://scalars.graphql.org/andimarek/local-date.html");

    /// <summary>An ISO-8601 date-time with offset backed by <see cref="DateTimeOffset"/>.</summary>
    public static ScalarType DateTime { get; } = new ScalarType(
        "DateTime",
        "An ISO-8601 date-time with offset, e.g. 2024-01-31T10:00:00Z.",
        serialize: v => v switch
        {
            DateTimeOffset dto => dto.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
            System.DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? System.DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
            string s when TryParseDateTime(s, out _) => s,
            _ => throw new GraphQLException($"DateTime cannot represent value: {ValueHelpers.Inspect(v)}"),
        },
        parseValue: v => v is string s && TryParseDateTime(s, out var d)
            ? d
            : throw new GraphQLException($"DateTime cannot represent value: {ValueHelpers.Inspect(v)}"),
        parseLiteral: n => n is StringValueNode s && TryParseDateTime(s.Value, out var d)
            ? d
            : throw new GraphQLException($"DateTime cannot represent value: {AstPrinter.Print(n)}"),
        specifiedByUrl: "https://scalars.graphql.org/andimarek/date-time.html");

    /// <summary>Strict yyyy-MM-dd (no allocation; DateOnly.TryParseExact is comparatively slow).</summary>
    private static bool TryParseDate(string s, out DateOnly value)
    {
        value = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') { return false; }
        int year = 0, month = 0, day = 0;
        for (int i = 0; i < 10; i++)
        {
            if (i is 4 or 7) { continue; }
            int digit = s[i] - '0';
            if ((uint)digit > 9) { return false; }
            if (i < 4) { year = (year * 10) + digit; }
            else if (i < 7) { month = (month * 10) + digit; }
            else { day = (day * 10) + digit; }
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month)) { return false; }
        value = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryParseDateTime(string s, out DateTimeOffset value)
        => DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
           && (s.EndsWith('Z') || s.EndsWith('z') || s.Length > 6 && (s[^6] == '+' || s[^6] == '-'));

    /// <summary>An input value of exactly <typeparamref name="T"/>, or refused with <paramref name="refusal"/> and the value.</summary>
    private static object Exactly<T>(object? value, string refusal) where T : notnull =>
        value is T typed ? typed : throw new GraphQLException($"{refusal}: {ValueHelpers.Inspect(value)}");

    /// <summary>A literal of kind <typeparamref name="TNode"/>, or refused with <paramref name="refusal"/> and the literal.</summary>
    private static TNode Literal<TNode>(ValueNode node, string refusal) where TNode : ValueNode =>
        node as TNode ?? throw new GraphQLException($"{refusal}: {AstPrinter.Print(node)}", node);

    private sealed class IntScalar() : ScalarType("Int", "The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.", specifiedByUrl: null)
    {
        public override object? Serialize(object? value)
        {
            double num = value switch
            {
                int i => i,
                long l => l,
                short s => s,
                byte b => b,
                sbyte sb => sb,
                ushort us => us,
                uint ui => ui,
                ulong ul => ul,
                double d => d,
                float f => f,
                decimal m => (double)m,
                bool b => b ? 1 : 0,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && s.Length > 0 && s.Trim() == s => parsed,
                _ => throw new GraphQLException($"Int cannot represent non-integer value: {ValueHelpers.Inspect(value)}"),
            };
            return ToInt(num, value);
        }

        public override object? ParseValue(object? value)
        {
            double num = value switch
            {
                int i => i,
                long l => l,
                double d => d,
                float f => f,
                decimal m => (double)m,
                short s => s,
                byte b => b,
                _ => throw new GraphQLException($"Int cannot represent non-integer value: {ValueHelpers.Inspect(value)}"),
            };
            return ToInt(num, value);
        }

        /// <summary>A number as Int: whole and within 32 bits, or refused naming <paramref name="value"/>.</summary>
        private static int ToInt(double num, object? value)
        {
            if (double.IsNaN(num) || double.IsInfinity(num) || Math.Floor(num) != num)
            {
                throw new GraphQLException($"Int cannot represent non-integer value: {ValueHelpers.Inspect(value)}");
            }
            if (num > int.MaxValue || num < int.MinValue)
            {
                throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {ValueHelpers.Inspect(value)}");
            }
            return (int)num;
        }

        public override object? ParseLiteral(ValueNode node)
        {
            if (node is not IntValueNode i)
            {
                throw new GraphQLException($"Int cannot represent non-integer value: {AstPrinter.Print(node)}", node);
            }
            if (!int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int result))
            {
                throw new GraphQLException($"Int cannot represent non 32-bit signed integer value: {i.Value}", node);
            }
            return result;
        }
    }

    private sealed class FloatScalar() : ScalarType("Float", "The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).")
    {
        public override object? Serialize(object? value)
        {
            double num = value switch
            {
                double d => d,
                float f => f,
                decimal m => (double)m,
                int i => i,
                long l => l,
                short s => s,
                byte b => b,
                uint ui => ui,
                ulong ul => ul,
                bool b => b ? 1 : 0,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && s.Length > 0 && s.Trim() == s => parsed,
                _ => throw new GraphQLException($"Float cannot represent non numeric value: {ValueHelpers.Inspect(value)}"),
            };
            return Finite(num, value);
        }

        public override object? ParseValue(object? value)
        {
            double num = value switch
            {
                double d => d,
                float f => f,
                decimal m => (double)m,
                int i => i,
                long l => l,
                _ => throw new GraphQLException($"Float cannot represent non numeric value: {ValueHelpers.Inspect(value)}"),
            };
            return Finite(num, value);
        }

        /// <summary>A number as Float: finite, or refused naming <paramref name="value"/>.</summary>
        private static double Finite(double num, object? value) =>
            double.IsNaN(num) || double.IsInfinity(num)
                ? throw new GraphQLException($"Float cannot represent non numeric value: {ValueHelpers.Inspect(value)}")
                : num;

        public override object? ParseLiteral(ValueNode node) => node switch
        {
            IntValueNode i => double.Parse(i.Value, CultureInfo.InvariantCulture),
            FloatValueNode f => double.Parse(f.Value, CultureInfo.InvariantCulture),
            _ => throw new GraphQLException($"Float cannot represent non numeric value: {AstPrinter.Print(node)}", node),
        };
    }

    private sealed class StringScalar() : ScalarType("String", "The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.")
    {
        public override object? Serialize(object? value) => value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            int or long or short or byte or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
            double d when !double.IsNaN(d) && !double.IsInfinity(d) => ValueHelpers.FormatNumber(d),
            float f when !float.IsNaN(f) && !float.IsInfinity(f) => ValueHelpers.FormatNumber(f),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            char c => c.ToString(),
            Guid g => g.ToString(),
            Enum e => e.ToString(),
            _ => throw new GraphQLException($"String cannot represent value: {ValueHelpers.Inspect(value)}"),
        };

        public override object? ParseValue(object? value) => Exactly<string>(value, "String cannot represent a non string value");

        public override object? ParseLiteral(ValueNode node) => Literal<StringValueNode>(node, "String cannot represent a non string value").Value;
    }

    private sealed class BooleanScalar() : ScalarType("Boolean", "The `Boolean` scalar type represents `true` or `false`.")
    {
        public override object? Serialize(object? value) => value switch
        {
            bool b => b,
            int i => i != 0,
            long l => l != 0,
            double d when !double.IsNaN(d) && !double.IsInfinity(d) => d != 0,
            _ => throw new GraphQLException($"Boolean cannot represent a non boolean value: {ValueHelpers.Inspect(value)}"),
        };

        public override object? ParseValue(object? value) => Exactly<bool>(value, "Boolean cannot represent a non boolean value");

        public override object? ParseLiteral(ValueNode node) => Literal<BooleanValueNode>(node, "Boolean cannot represent a non boolean value").Value;
    }

    private sealed class IdScalar() : ScalarType("ID", "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID.")
    {
        public override object? Serialize(object? value) => value switch
        {
            string s => s,
            int or long or short or byte or uint or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
            double d when Math.Floor(d) == d && !double.IsInfinity(d) => ValueHelpers.FormatNumber(d),
            Guid g => g.ToString(),
            _ => throw new GraphQLException($"ID cannot represent value: {ValueHelpers.Inspect(value)}"),
        };

        public override object? ParseValue(object? value) => value switch
        {
            string s => s,
            int or long => Convert.ToString(value, CultureInfo.InvariantCulture),
            double d when Math.Floor(d) == d && !double.IsInfinity(d) => ValueHelpers.FormatNumber(d),
            _ => throw new GraphQLException($"ID cannot represent value: {ValueHelpers.Inspect(value)}"),
        };

        public override object? ParseLiteral(ValueNode node) => node switch
        {
            StringValueNode s => s.Value,
            IntValueNode i => i.Value,
            _ => throw new GraphQLException($"ID cannot represent a non-string and non-integer value: {AstPrinter.Print(node)}", node),
        };
    }
}

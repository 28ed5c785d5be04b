using System.Collections;
using System.Globalization;
using System.Text;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Marks an absent value (JavaScript's <c>undefined</c>).</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();
    private Undefined() { }
}

/// <summary>Input value coercion and value/literal conversions (graphql-js valueFromAST, coerceInputValue, astFromValue).</summary>
internal static class ValueHelpers
{
    private static readonly Location s_noLocation = new(0, 0, 0);

    /// <summary>Formats a number like JavaScript's String(number).</summary>
    public static string FormatNumber(double d)
    {
        if (double.IsNaN(d)) { return "NaN"; }
        if (double.IsPositiveInfinity(d)) { return "Infinity"; }
        if (double.IsNegativeInfinity(d)) { return "-Infinity"; }
        if (d == 0) { return "0"; }
        double abs = Math.Abs(d);
        if (Math.Floor(d) == d && abs < 1e21) { return d.ToString("F0", CultureInfo.InvariantCulture); }
        if (abs >= 1e-6 && abs < 1e21) { return d.ToString("R", CultureInfo.InvariantCulture); }
        string r = d.ToString("E16", CultureInfo.InvariantCulture);
        // Use the shortest round-trip mantissa.
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e < 0) { return shortest; }
        string mantissa = shortest[..e];
        int exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        _ = r;
        return mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a value like graphql-js inspect().</summary>
    public static string Inspect(object? value) => Inspect(value, 0);

    private static string Inspect(object? value, int depth)
    {
        switch (value)
        {
            case null: return "null";
            case Undefined: return "undefined";
            case string s: return JsonString(s);
            case bool b: return b ? "true" : "false";
            case double d: return FormatNumber(d);
            case float f: return FormatNumber(f);
            case decimal m: return FormatNumber((double)m);
            case int or long or short or byte or uint or ulong or sbyte or ushort: return Convert.ToString(value, CultureInfo.InvariantCulture)!;
            case IDictionary dict:
            {
                if (dict.Count == 0) { return "{}"; }
                if (depth >= 2) { return "[Object]"; }
                var parts = new List<string>();
                foreach (DictionaryEntry entry in dict) { parts.Add($"{entry.Key}: {Inspect(entry.Value, depth + 1)}"); }
                return "{ " + string.Join(", ", parts) + " }";
            }
            case IEnumerable list:
            {
                var items = list.Cast<object?>().ToList();
                if (items.Count == 0) { return "[]"; }
                if (depth >= 2) { return "[Array]"; }
                return "[" + string.Join(", ", items.Select(i => Inspect(i, depth + 1))) + "]";
            }
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
        }
    }

    public static string JsonString(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) { sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                    else { sb.Append(c); }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Converts a literal to a plain value without a type (graphql-js valueFromASTUntyped).</summary>
    public static object? ValueFromAstUntyped(ValueNode node, IReadOnlyDictionary<string, object?>? variables) => node switch
    {
        NullValueNode => null,
        IntValueNode i => long.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) ? (l is >= int.MinValue and <= int.MaxValue ? (object)(int)l : (object)l) : (object)double.Parse(i.Value, CultureInfo.InvariantCulture),
        FloatValueNode f => double.Parse(f.Value, CultureInfo.InvariantCulture),
        StringValueNode s => s.Value,
        EnumValueNode e => e.Value,
        BooleanValueNode b => b.Value,
        ListValueNode l => l.Values.Select(v => ValueFromAstUntyped(v, variables)).ToList(),
        ObjectValueNode o => o.Fields.ToDictionary(f => f.Name.Value, f => ValueFromAstUntyped(f.Value, variables)),
        VariableNode v => variables is not null && variables.TryGetValue(v.Name.Value, out var value) ? value : null,
        _ => null,
    };

    private static bool IsMissingVariable(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
        => node is VariableNode v && (variables is null || !variables.ContainsKey(v.Name.Value));

    /// <summary>Coerces a literal to a runtime value of <paramref name="type"/>; returns <see cref="Undefined.Value"/> when invalid.</summary>
    public static object? ValueFromAst(ValueNode? node, GraphQLType type, IReadOnlyDictionary<string, object?>? variables)
    {
        if (node is null) { return Undefined.Value; }
        if (node is VariableNode variable)
        {
            if (variables is null || !variables.TryGetValue(variable.Name.Value, out var variableValue)) { return Undefined.Value; }
            if (variableValue is null && type is NonNullType) { return Undefined.Value; }
            return variableValue;
        }

        if (type is NonNullType nonNull)
        {
            return node is NullValueNode ? Undefined.Value : ValueFromAst(node, nonNull.OfType, variables);
        }

        if (node is NullValueNode) { return null; }

        switch (type)
        {
            case ListType list:
            {
                if (node is ListValueNode listNode)
                {
                    var result = new List<object?>(listNode.Values.Count);
                    foreach (var item in listNode.Values)
                    {
                        if (IsMissingVariable(item, variables))
                        {
                            if (list.OfType is NonNullType) { return Undefined.Value; }
                            result.Add(null);
                        }
                        else
                        {
                            var itemValue = ValueFromAst(item, list.OfType, variables);
                            if (itemValue is Undefined) { return Undefined.Value; }
                            result.Add(itemValue);
                        }
                    }
                    return result;
                }
                var single = ValueFromAst(node, list.OfType, variables);
                return single is Undefined ? Undefined.Value : new List<object?> { single };
            }
            case InputObjectType inputObject:
            {
                if (node is not ObjectValueNode objectNode) { return Undefined.Value; }
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in inputObject.Fields)
                {
                    ObjectFieldNode? fieldNode = null;
                    foreach (var f in objectNode.Fields)
                    {
                        if (f.Name.Value == field.Name) { fieldNode = f; break; }
                    }
                    if (fieldNode is null || IsMissingVariable(fieldNode.Value, variables))
                    {
                        if (field.HasDefaultValue) { result[field.Name] = field.DefaultValue; }
                        else if (field.Type is NonNullType) { return Undefined.Value; }
                        continue;
                    }
                    var fieldValue = ValueFromAst(fieldNode.Value, field.Type, variables);
                    if (fieldValue is Undefined) { return Undefined.Value; }
                    result[field.Name] = fieldValue;
                }
                if (inputObject.IsOneOf)
                {
                    if (result.Count != 1) { return Undefined.Value; }
                    if (result.Values.First() is null) { return Undefined.Value; }
                }
                return result;
            }
            case EnumType enumType:
                try { return ParseEnumLiteral(enumType, node); }
                catch (GraphQLException) { return Undefined.Value; }
            case ScalarType scalar:
                try
                {
                    var substituted = node;
                    return scalar.ParseLiteral(substituted);
                }
                catch (Exception ex) when (ex is GraphQLException or FormatException or OverflowException or InvalidCastException or ArgumentException)
                {
                    return Undefined.Value;
                }
            default:
                return Undefined.Value;
        }
    }

    public static object? ParseEnumLiteral(EnumType type, ValueNode node)
    {
        if (node is not EnumValueNode e)
        {
            string valueStr = AstPrinter.Print(node);
            throw new GraphQLException($"Enum \"{type.Name}\" cannot represent non-enum value: {valueStr}." + DidYouMeanEnum(type, valueStr), node);
        }
        var def = type.GetValue(e.Value) ?? throw new GraphQLException($"Value \"{e.Value}\" does not exist in \"{type.Name}\" enum." + DidYouMeanEnum(type, e.Value), node);
        return def.Value;
    }

    public static object? ParseEnumValue(EnumType type, object? input)
    {
        if (input is not string s)
        {
            throw new GraphQLException($"Enum \"{type.Name}\" cannot represent non-string value: {Inspect(input)}." + DidYouMeanEnum(type, Inspect(input)));
        }
        var def = type.GetValue(s) ?? throw new GraphQLException($"Value \"{s}\" does not exist in \"{type.Name}\" enum." + DidYouMeanEnum(type, s));
        return def.Value;
    }

    public static object? SerializeEnum(EnumType type, object? value)
    {
        var def = type.GetValueByRuntimeValue(value) ?? (value is string s ? type.GetValue(s) : null);
        return def is null ? throw new GraphQLException($"Enum \"{type.Name}\" cannot represent value: {Inspect(value)}") : def.Name;
    }

    private static string DidYouMeanEnum(EnumType type, string unknown)
        => Suggestions.DidYouMean(Suggestions.List(unknown, type.Values.Select(v => v.Name)), "the enum value");

    public delegate void CoercionError(IReadOnlyList<object> path, object? invalidValue, string message);

    /// <summary>Coerces an external (JSON) value (graphql-js coerceInputValue).</summary>
    public static object? CoerceInputValue(object? input, GraphQLType type, CoercionError onError, ImmutablePath? path = null)
    {
        if (input is System.Text.Json.JsonElement json)
        {
            input = Serialization.JsonValues.ToPlain(json);
        }

        if (type is NonNullType nonNull)
        {
            if (input is not null) { return CoerceInputValue(input, nonNull.OfType, onError, path); }
            onError(ImmutablePath.ToList(path), input, ExecutionMessages.Format(ExecutionMessages.InputNonNull, type));
            return null;
        }

        if (input is null) { return null; }

        switch (type)
        {
            case ListType list:
                if (input is IEnumerable enumerable and not string and not IDictionary)
                {
                    var result = new List<object?>();
                    int index = 0;
                    foreach (var item in enumerable)
                    {
                        result.Add(CoerceInputValue(item, list.OfType, onError, new ImmutablePath(path, index++)));
                    }
                    return result;
                }
                return new List<object?> { CoerceInputValue(input, list.OfType, onError, path) };
            case InputObjectType inputObject:
            {
                if (input is not IDictionary<string, object?> dict)
                {
                    onError(ImmutablePath.ToList(path), input, ExecutionMessages.Format(ExecutionMessages.InputNotObject, inputObject.Name));
                    return null;
                }
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in inputObject.Fields)
                {
                    if (!dict.TryGetValue(field.Name, out var fieldValue))
                    {
                        if (field.HasDefaultValue) { result[field.Name] = field.DefaultValue; }
                        else if (field.Type is NonNullType)
                        {
                            onError(ImmutablePath.ToList(path), input, ExecutionMessages.Format(ExecutionMessages.InputFieldRequired, field.Name, field.Type));
                        }
                        continue;
                    }
                    result[field.Name] = CoerceInputValue(fieldValue, field.Type, onError, new ImmutablePath(path, field.Name));
                }
                foreach (var key in dict.Keys)
                {
                    if (inputObject.GetField(key) is null)
                    {
                        var suggestions = Suggestions.List(key, inputObject.Fields.Select(f => f.Name));
                        onError(ImmutablePath.ToList(path), input, ExecutionMessages.Format(ExecutionMessages.InputFieldUnknown, key, inputObject.Name) + Suggestions.DidYouMean(suggestions));
                    }
                }
                if (inputObject.IsOneOf)
                {
                    if (result.Count != 1)
                    {
                        onError(ImmutablePath.ToList(path), input, ExecutionMessages.Format(ExecutionMessages.OneOfExactlyOneKey, inputObject.Name));
                    }
                    else
                    {
                        var (key, value) = result.First();
                        if (value is null)
                        {
                            onError(ImmutablePath.ToList(new ImmutablePath(path, key)), value, ExecutionMessages.Format(ExecutionMessages.OneOfNonNull, key));
                        }
                    }
                }
                return result;
            }
            case EnumType enumType:
                try { return ParseEnumValue(enumType, input); }
                catch (GraphQLException ex)
                {
                    onError(ImmutablePath.ToList(path), input, ex.Message);
                    return null;
                }
            case ScalarType scalar:
                try
                {
                    return scalar.ParseValue(input);
                }
                catch (GraphQLException ex)
                {
                    onError(ImmutablePath.ToList(path), input, ex.Message);
                    return null;
                }
                catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
                {
                    onError(ImmutablePath.ToList(path), input, $"Expected type \"{scalar.Name}\". {ex.Message}");
                    return null;
                }
            default:
                return null;
        }
    }

    /// <summary>Produces a literal for a runtime value (graphql-js astFromValue).</summary>
    public static ValueNode? AstFromValue(object? value, GraphQLType type)
    {
        if (type is NonNullType nonNull)
        {
            var inner = AstFromValue(value, nonNull.OfType);
            return inner is NullValueNode ? null : inner;
        }
        if (value is Undefined) { return null; }
        if (value is null) { return new NullValueNode(s_noLocation); }
        switch (type)
        {
            case ListType list:
                if (value is IEnumerable enumerable and not string and not IDictionary)
                {
                    var items = new List<ValueNode>();
                    foreach (var item in enumerable)
                    {
                        var node = AstFromValue(item, list.OfType);
                        if (node is not null) { items.Add(node); }
                    }
                    return new ListValueNode(s_noLocation, items);
                }
                return AstFromValue(value, list.OfType);
            case InputObjectType inputObject:
            {
                if (value is not IDictionary<string, object?> dict) { return null; }
                var fields = new List<ObjectFieldNode>();
                foreach (var field in inputObject.Fields)
                {
                    if (!dict.TryGetValue(field.Name, out var fieldValue)) { continue; }
                    var node = AstFromValue(fieldValue, field.Type);
                    if (node is not null) { fields.Add(new ObjectFieldNode(s_noLocation, new NameNode(s_noLocation, field.Name), node)); }
                }
                return new ObjectValueNode(s_noLocation, fields);
            }
            case EnumType enumType:
                return new EnumValueNode(s_noLocation, (string)SerializeEnum(enumType, value)!);
            case ScalarType scalar:
            {
                var serialized = scalar.Serialize(value);
                switch (serialized)
                {
                    case null: return null;
                    case bool b: return new BooleanValueNode(s_noLocation, b);
                    case int or long or short or byte or double or float or decimal:
                    {
                        string num = serialized is double d ? FormatNumber(d) : serialized is float f ? FormatNumber(f) : Convert.ToString(serialized, CultureInfo.InvariantCulture)!;
                        bool isInt = num.All(c => char.IsAsciiDigit(c) || c == '-');
                        return isInt ? new IntValueNode(s_noLocation, num) : new FloatValueNode(s_noLocation, num);
                    }
                    case string s:
                        if (scalar == ScalarType.ID && s.Length > 0 && s.All(char.IsAsciiDigit) && (s == "0" || s[0] != '0'))
                        {
                            return new IntValueNode(s_noLocation, s);
                        }
                        return new StringValueNode(s_noLocation, s, false);
                    default:
                        throw new GraphQLException($"Cannot convert value to AST: {Inspect(serialized)}.");
                }
            }
            default:
                return null;
        }
    }
}

/// <summary>An immutable linked response/input path.</summary>
internal sealed class ImmutablePath(ImmutablePath? previous, object key)
{
    public ImmutablePath? Previous { get; } = previous;
    public object Key { get; } = key;

    public static IReadOnlyList<object> ToList(ImmutablePath? path)
    {
        if (path is null) { return []; }
        int count = 0;
        for (var p = path; p is not null; p = p.Previous) { count++; }
        var result = new object[count];
        for (var p = path; p is not null; p = p.Previous) { result[--count] = p.Key; }
        return result;
    }
}

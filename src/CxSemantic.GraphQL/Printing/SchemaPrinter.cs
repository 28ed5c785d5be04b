using System.Text;
using CxSemantic.GraphQL.Introspection;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Printing;

/// <summary>Prints a schema as SDL in the same format as graphql-js <c>printSchema</c>.</summary>
public static class SchemaPrinter
{
    /// <summary>Prints the user-defined parts of a schema (no built-in scalars, introspection types or specified directives).</summary>
    public static string Print(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var parts = new List<string>();
        var schemaDefinition = PrintSchemaDefinition(schema);
        if (schemaDefinition is not null) { parts.Add(schemaDefinition); }
        foreach (var directive in schema.Directives)
        {
            if (!directive.IsSpecified) { parts.Add(PrintDirective(directive)); }
        }
        foreach (var type in schema.Types)
        {
            if (type.Name.StartsWith("__", StringComparison.Ordinal) || (type is ScalarType s && s.IsSpecified)) { continue; }
            parts.Add(PrintType(type));
        }
        return string.Join("\n\n", parts);
    }

    private static string? PrintSchemaDefinition(Schema schema)
    {
        bool common = schema.QueryType.Name == "Query"
            && (schema.MutationType is null || schema.MutationType.Name == "Mutation")
            && (schema.SubscriptionType is null || schema.SubscriptionType.Name == "Subscription");
        if (schema.Description is null && common) { return null; }
        var ops = new List<string> { $"  query: {schema.QueryType.Name}" };
        if (schema.MutationType is not null) { ops.Add($"  mutation: {schema.MutationType.Name}"); }
        if (schema.SubscriptionType is not null) { ops.Add($"  subscription: {schema.SubscriptionType.Name}"); }
        return PrintDescription(schema.Description) + "schema {\n" + string.Join("\n", ops) + "\n}";
    }

    private static string PrintType(NamedType type) => type switch
    {
        ScalarType s => PrintDescription(s.Description) + "scalar " + s.Name + (s.SpecifiedByUrl is null ? string.Empty : $" @specifiedBy(url: {AstPrinter.PrintString(s.SpecifiedByUrl)})"),
        ObjectType o => PrintDescription(o.Description) + "type " + o.Name + PrintInterfaces(o) + PrintFields(o),
        InterfaceType i => PrintDescription(i.Description) + "interface " + i.Name + PrintInterfaces(i) + PrintFields(i),
        UnionType u => PrintDescription(u.Description) + "union " + u.Name + (u.Types.Count > 0 ? " = " + string.Join(" | ", u.Types.Select(t => t.Name)) : string.Empty),
        EnumType e => PrintDescription(e.Description) + "enum " + e.Name + PrintBlock(e.Values.Select((v, i) => PrintDescription(v.Description, "  ", i == 0) + "  " + v.Name + PrintDeprecated(v.DeprecationReason))),
        InputObjectType io => PrintDescription(io.Description) + "input " + io.Name + (io.IsOneOf ? " @oneOf" : string.Empty) + PrintBlock(io.Fields.Select((f, i) => PrintDescription(f.Description, "  ", i == 0) + "  " + PrintInputValue(f))),
        _ => throw new InvalidOperationException("Unexpected type " + type.Name),
    };

    private static string PrintInterfaces(ComplexType type)
        => type.Interfaces.Count > 0 ? " implements " + string.Join(" & ", type.Interfaces.Select(i => i.Name)) : string.Empty;

    private static string PrintFields(ComplexType type)
        => PrintBlock(type.Fields.Select((f, i) => PrintDescription(f.Description, "  ", i == 0) + "  " + f.Name + PrintArgs(f.Arguments, "  ") + ": " + f.Type + PrintDeprecated(f.DeprecationReason)));

    private static string PrintBlock(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count != 0 ? " {\n" + string.Join("\n", list) + "\n}" : string.Empty;
    }

    private static string PrintArgs(IReadOnlyList<InputValueDefinition> args, string indentation = "")
    {
        if (args.Count == 0) { return string.Empty; }
        if (args.All(a => string.IsNullOrEmpty(a.Description)))
        {
            return "(" + string.Join(", ", args.Select(PrintInputValue)) + ")";
        }
        return "(\n" + string.Join("\n", args.Select((a, i) => PrintDescription(a.Description, "  " + indentation, i == 0) + "  " + indentation + PrintInputValue(a))) + "\n" + indentation + ")";
    }

    private static string PrintInputValue(InputValueDefinition arg)
    {
        var sb = new StringBuilder(arg.Name).Append(": ").Append(arg.Type);
        var defaultValue = IntrospectionSchema.PrintDefault(arg);
        if (defaultValue is not null) { sb.Append(" = ").Append(defaultValue); }
        return sb.Append(PrintDeprecated(arg.DeprecationReason)).ToString();
    }

    private static string PrintDirective(DirectiveDefinition directive)
        => PrintDescription(directive.Description) + "directive @" + directive.Name + PrintArgs(directive.Arguments)
           + PrintDeprecated(directive.DeprecationReason) + (directive.IsRepeatable ? " repeatable" : string.Empty) + " on " + string.Join(" | ", directive.Locations.Select(l => l.ToName()));

    private static string PrintDeprecated(string? reason)
    {
        if (reason is null) { return string.Empty; }
        if (reason != "No longer supported") { return $" @deprecated(reason: {AstPrinter.PrintString(reason)})"; }
        return " @deprecated";
    }

    private static string PrintDescription(string? description, string indentation = "", bool firstInBlock = true)
    {
        if (description is null) { return string.Empty; }
        string printed = IsPrintableAsBlockString(description) ? BlockString.Print(description) : AstPrinter.PrintString(description);
        string prefix = indentation.Length > 0 && !firstInBlock ? "\n" + indentation : indentation;
        return prefix + printed.Replace("\n", "\n" + indentation, StringComparison.Ordinal) + "\n";
    }

    internal static bool IsPrintableAsBlockString(string value)
    {
        if (value.Length == 0) { return true; }
        bool isEmptyLine = true, hasIndent = false, hasCommonIndent = true, seenNonEmptyLine = false;
        foreach (char c in value)
        {
            switch (c)
            {
                case '\u0000' or '\u0001' or '\u0002' or '\u0003' or '\u0004' or '\u0005' or '\u0006' or '\u0007' or '\u0008' or '\u000b' or '\u000c' or '\u000e' or '\u000f':
                    return false;
                case '\r':
                    return false;
                case '\n':
                    if (isEmptyLine && !seenNonEmptyLine) { return false; }
                    seenNonEmptyLine = true;
                    isEmptyLine = true;
                    hasIndent = false;
                    break;
                case '\t' or ' ':
                    hasIndent = hasIndent || isEmptyLine;
                    break;
                default:
                    hasCommonIndent = hasCommonIndent && hasIndent;
                    isEmptyLine = false;
                    break;
            }
        }
        if (isEmptyLine) { return false; }
        if (hasCommonIndent && seenNonEmptyLine) { return false; }
        return true;
    }
}

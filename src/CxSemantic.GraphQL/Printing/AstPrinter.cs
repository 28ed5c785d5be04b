using System.Globalization;
using System.Text;
using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Printing;

/// <summary>Prints syntax trees back to GraphQL source, in the same format as graphql-js <c>print</c>.</summary>
public static class AstPrinter
{
    /// <summary>Prints a node.</summary>
    public static string Print(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Write(sb, node, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, SyntaxNode node, int indent)
    {
        switch (node)
        {
            case NameNode n: sb.Append(n.Value); break;
            case DocumentNode d:
                for (int i = 0; i < d.Definitions.Count; i++)
                {
                    if (i > 0) { sb.Append("\n\n"); }
                    Write(sb, d.Definitions[i], indent);
                }
                break;
            case OperationDefinitionNode op:
                if (op.Name is null && op.VariableDefinitions.Count == 0 && op.Directives.Count == 0 && op.Operation == OperationType.Query)
                {
                    Write(sb, op.SelectionSet, indent);
                    break;
                }
                sb.Append(op.Operation switch { OperationType.Query => "query", OperationType.Mutation => "mutation", _ => "subscription" });
                if (op.Name is not null) { sb.Append(' ').Append(op.Name.Value); }
                if (op.VariableDefinitions.Count > 0)
                {
                    if (op.Name is null) { sb.Append(' '); }
                    sb.Append('(');
                    WriteList(sb, op.VariableDefinitions, ", ", indent);
                    sb.Append(')');
                }
                WriteDirectives(sb, op.Directives, indent);
                sb.Append(' ');
                Write(sb, op.SelectionSet, indent);
                break;
            case VariableDefinitionNode v:
                Write(sb, v.Variable, indent);
                sb.Append(": ");
                Write(sb, v.Type, indent);
                if (v.DefaultValue is not null) { sb.Append(" = "); Write(sb, v.DefaultValue, indent); }
                WriteDirectives(sb, v.Directives, indent);
                break;
            case SelectionSetNode s:
                sb.Append('{');
                foreach (var selection in s.Selections)
                {
                    sb.Append('\n').Append(' ', (indent + 1) * 2);
                    Write(sb, selection, indent + 1);
                }
                sb.Append('\n').Append(' ', indent * 2).Append('}');
                break;
            case FieldNode f:
                if (f.Alias is not null) { sb.Append(f.Alias.Value).Append(": "); }
                sb.Append(f.Name.Value);
                WriteArguments(sb, f.Arguments, indent);
                WriteDirectives(sb, f.Directives, indent);
                if (f.SelectionSet is not null) { sb.Append(' '); Write(sb, f.SelectionSet, indent); }
                break;
            case ArgumentNode a:
                sb.Append(a.Name.Value).Append(": ");
                Write(sb, a.Value, indent);
                break;
            case FragmentSpreadNode fs:
                sb.Append("...").Append(fs.Name.Value);
                WriteDirectives(sb, fs.Directives, indent);
                break;
            case InlineFragmentNode inf:
                sb.Append("...");
                if (inf.TypeCondition is not null) { sb.Append(" on ").Append(inf.TypeCondition.Name.Value); }
                WriteDirectives(sb, inf.Directives, indent);
                sb.Append(' ');
                Write(sb, inf.SelectionSet, indent);
                break;
            case FragmentDefinitionNode fd:
                sb.Append("fragment ").Append(fd.Name.Value).Append(" on ").Append(fd.TypeCondition.Name.Value);
                WriteDirectives(sb, fd.Directives, indent);
                sb.Append(' ');
                Write(sb, fd.SelectionSet, indent);
                break;
            case VariableNode vn: sb.Append('$').Append(vn.Name.Value); break;
            case IntValueNode i: sb.Append(i.Value); break;
            case FloatValueNode fl: sb.Append(fl.Value); break;
            case StringValueNode str:
                if (str.Block) { sb.Append(BlockString.Print(str.Value)); }
                else { WriteString(sb, str.Value); }
                break;
            case BooleanValueNode b: sb.Append(b.Value ? "true" : "false"); break;
            case NullValueNode: sb.Append("null"); break;
            case EnumValueNode e: sb.Append(e.Value); break;
            case ListValueNode l:
                sb.Append('[');
                WriteList(sb, l.Values, ", ", indent);
                sb.Append(']');
                break;
            case ObjectValueNode o:
                sb.Append('{');
                WriteList(sb, o.Fields, ", ", indent);
                sb.Append('}');
                break;
            case ObjectFieldNode of:
                sb.Append(of.Name.Value).Append(": ");
                Write(sb, of.Value, indent);
                break;
            case DirectiveNode dir:
                sb.Append('@').Append(dir.Name.Value);
                if (dir.Arguments.Count > 0)
                {
                    sb.Append('(');
                    WriteList(sb, dir.Arguments, ", ", indent);
                    sb.Append(')');
                }
                break;
            case NamedTypeNode nt: sb.Append(nt.Name.Value); break;
            case ListTypeNode lt: sb.Append('['); Write(sb, lt.Type, indent); sb.Append(']'); break;
            case NonNullTypeNode nn: Write(sb, nn.Type, indent); sb.Append('!'); break;
            case TypeSystemDefinitionNode definition:
                WriteTypeSystem(sb, definition);
                break;
            default:
                sb.Append(node.Kind.ToString());
                break;
        }
    }

    private static void WriteTypeSystem(StringBuilder sb, TypeSystemDefinitionNode node)
    {
        if (node.Description is not null)
        {
            Write(sb, node.Description, 0);
            sb.Append('\n');
        }
        if (node.IsExtension) { sb.Append("extend "); }
        switch (node)
        {
            case SchemaDefinitionNode schema:
                sb.Append("schema");
                WriteDirectives(sb, schema.Directives, 0);
                if (schema.OperationTypes.Count > 0)
                {
                    sb.Append(" {");
                    foreach (var op in schema.OperationTypes)
                    {
                        sb.Append("\n  ").Append(op.Operation switch { OperationType.Query => "query", OperationType.Mutation => "mutation", _ => "subscription" })
                          .Append(": ").Append(op.Type.Name.Value);
                    }
                    sb.Append("\n}");
                }
                break;
            case ScalarTypeDefinitionNode scalar:
                sb.Append("scalar ").Append(scalar.Name.Value);
                WriteDirectives(sb, scalar.Directives, 0);
                break;
            case ComplexTypeDefinitionNode complex:
                sb.Append(complex.Kind is SyntaxKind.ObjectTypeDefinition or SyntaxKind.ObjectTypeExtension ? "type " : "interface ").Append(complex.Name.Value);
                if (complex.Interfaces.Count > 0)
                {
                    sb.Append(" implements ").AppendJoin(" & ", complex.Interfaces.Select(i => i.Name.Value));
                }
                WriteDirectives(sb, complex.Directives, 0);
                WriteBlock(sb, complex.Fields, f =>
                {
                    var field = new StringBuilder();
                    WriteDescription(field, f.Description);
                    field.Append(f.Name.Value);
                    WriteInputValues(field, f.Arguments);
                    field.Append(": ");
                    Write(field, f.Type, 0);
                    WriteDirectives(field, f.Directives, 0);
                    return field.ToString();
                });
                break;
            case UnionTypeDefinitionNode union:
                sb.Append("union ").Append(union.Name.Value);
                WriteDirectives(sb, union.Directives, 0);
                if (union.Types.Count > 0) { sb.Append(" = ").AppendJoin(" | ", union.Types.Select(t => t.Name.Value)); }
                break;
            case EnumTypeDefinitionNode enumType:
                sb.Append("enum ").Append(enumType.Name.Value);
                WriteDirectives(sb, enumType.Directives, 0);
                WriteBlock(sb, enumType.Values, v =>
                {
                    var value = new StringBuilder();
                    WriteDescription(value, v.Description);
                    value.Append(v.Name.Value);
                    WriteDirectives(value, v.Directives, 0);
                    return value.ToString();
                });
                break;
            case InputObjectTypeDefinitionNode input:
                sb.Append("input ").Append(input.Name.Value);
                WriteDirectives(sb, input.Directives, 0);
                WriteBlock(sb, input.Fields, f => PrintInputValue(f));
                break;
            case DirectiveDefinitionNode directive:
                sb.Append("directive @").Append(directive.Name.Value);
                WriteInputValues(sb, directive.Arguments);
                WriteDirectives(sb, directive.Directives, 0);
                if (directive.Repeatable) { sb.Append(" repeatable"); }
                sb.Append(" on ").AppendJoin(" | ", directive.Locations.Select(l => l.Value));
                break;
        }
    }

    private static void WriteDescription(StringBuilder sb, StringValueNode? description)
    {
        if (description is null) { return; }
        Write(sb, description, 0);
        sb.Append('\n');
    }

    private static string PrintInputValue(InputValueDefinitionNode value)
    {
        var sb = new StringBuilder();
        WriteDescription(sb, value.Description);
        sb.Append(value.Name.Value).Append(": ");
        Write(sb, value.Type, 0);
        if (value.DefaultValue is not null)
        {
            sb.Append(" = ");
            Write(sb, value.DefaultValue, 0);
        }
        WriteDirectives(sb, value.Directives, 0);
        return sb.ToString();
    }

    private static void WriteInputValues(StringBuilder sb, IReadOnlyList<InputValueDefinitionNode> values)
    {
        if (values.Count == 0) { return; }
        var printed = values.Select(PrintInputValue).ToList();
        if (printed.Any(p => p.Contains('\n', StringComparison.Ordinal)))
        {
            sb.Append("(\n").AppendJoin("\n", printed.Select(p => "  " + p.Replace("\n", "\n  ", StringComparison.Ordinal))).Append("\n)");
        }
        else
        {
            sb.Append('(').AppendJoin(", ", printed).Append(')');
        }
    }

    private static void WriteBlock<T>(StringBuilder sb, IReadOnlyList<T> items, Func<T, string> print)
    {
        if (items.Count == 0) { return; }
        sb.Append(" {");
        foreach (var item in items)
        {
            sb.Append("\n  ").Append(print(item).Replace("\n", "\n  ", StringComparison.Ordinal));
        }
        sb.Append("\n}");
    }

    private static void WriteArguments(StringBuilder sb, IReadOnlyList<ArgumentNode> arguments, int indent)
    {
        if (arguments.Count == 0) { return; }
        var inline = new StringBuilder();
        WriteList(inline, arguments, ", ", indent);
        if (inline.Length + 2 <= 80)
        {
            sb.Append('(').Append(inline).Append(')');
            return;
        }
        sb.Append("(\n");
        for (int i = 0; i < arguments.Count; i++)
        {
            if (i > 0) { sb.Append('\n'); }
            sb.Append(' ', (indent + 1) * 2);
            Write(sb, arguments[i], indent + 1);
        }
        sb.Append('\n').Append(' ', indent * 2).Append(')');
    }

    private static void WriteDirectives(StringBuilder sb, IReadOnlyList<DirectiveNode> directives, int indent)
    {
        foreach (var d in directives)
        {
            sb.Append(' ');
            Write(sb, d, indent);
        }
    }

    private static void WriteList<T>(StringBuilder sb, IReadOnlyList<T> items, string separator, int indent) where T : SyntaxNode
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) { sb.Append(separator); }
            Write(sb, items[i], indent);
        }
    }

    /// <summary>Writes a JSON-compatible quoted GraphQL string (graphql-js printString).</summary>
    internal static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Prints a string as a quoted GraphQL string literal.</summary>
    internal static string PrintString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        WriteString(sb, value);
        return sb.ToString();
    }
}

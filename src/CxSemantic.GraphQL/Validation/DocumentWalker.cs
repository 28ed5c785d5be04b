using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Validation;

/// <summary>Allocation-free child enumeration for executable documents, in graphql-js visitor-key order.</summary>
internal static class DocumentWalker
{
    public static void ForEachChild<TState>(SyntaxNode node, TState state, Action<SyntaxNode, TState> visit)
        => ForEachChild(node, node.Kind, state, visit);

    public static void ForEachChild<TState>(SyntaxNode node, SyntaxKind kind, TState state, Action<SyntaxNode, TState> visit)
    {
        switch (kind)
        {
            case SyntaxKind.Document:
            {
                var d = (DocumentNode)node;
                for (int i = 0; i < d.Definitions.Count; i++)
                {
                    if (d.Definitions[i] is ExecutableDefinitionNode) { visit(d.Definitions[i], state); }
                }
                break;
            }
            case SyntaxKind.OperationDefinition:
            {
                var op = (OperationDefinitionNode)node;
                for (int i = 0; i < op.VariableDefinitions.Count; i++) { visit(op.VariableDefinitions[i], state); }
                for (int i = 0; i < op.Directives.Count; i++) { visit(op.Directives[i], state); }
                visit(op.SelectionSet, state);
                break;
            }
            case SyntaxKind.VariableDefinition:
            {
                var vd = (VariableDefinitionNode)node;
                visit(vd.Variable, state);
                visit(vd.Type, state);
                if (vd.DefaultValue is not null) { visit(vd.DefaultValue, state); }
                for (int i = 0; i < vd.Directives.Count; i++) { visit(vd.Directives[i], state); }
                break;
            }
            case SyntaxKind.SelectionSet:
            {
                var ss = (SelectionSetNode)node;
                for (int i = 0; i < ss.Selections.Count; i++) { visit(ss.Selections[i], state); }
                break;
            }
            case SyntaxKind.Field:
            {
                var f = (FieldNode)node;
                for (int i = 0; i < f.Arguments.Count; i++) { visit(f.Arguments[i], state); }
                for (int i = 0; i < f.Directives.Count; i++) { visit(f.Directives[i], state); }
                if (f.SelectionSet is not null) { visit(f.SelectionSet, state); }
                break;
            }
            case SyntaxKind.Argument:
            {
                var arg = (ArgumentNode)node;
                visit(arg.Value, state);
                break;
            }
            case SyntaxKind.FragmentSpread:
            {
                var fs = (FragmentSpreadNode)node;
                for (int i = 0; i < fs.Directives.Count; i++) { visit(fs.Directives[i], state); }
                break;
            }
            case SyntaxKind.InlineFragment:
            {
                var inf = (InlineFragmentNode)node;
                if (inf.TypeCondition is not null) { visit(inf.TypeCondition, state); }
                for (int i = 0; i < inf.Directives.Count; i++) { visit(inf.Directives[i], state); }
                visit(inf.SelectionSet, state);
                break;
            }
            case SyntaxKind.FragmentDefinition:
            {
                var fd = (FragmentDefinitionNode)node;
                visit(fd.TypeCondition, state);
                for (int i = 0; i < fd.Directives.Count; i++) { visit(fd.Directives[i], state); }
                visit(fd.SelectionSet, state);
                break;
            }
            case SyntaxKind.ListValue:
            {
                var l = (ListValueNode)node;
                for (int i = 0; i < l.Values.Count; i++) { visit(l.Values[i], state); }
                break;
            }
            case SyntaxKind.ObjectValue:
            {
                var o = (ObjectValueNode)node;
                for (int i = 0; i < o.Fields.Count; i++) { visit(o.Fields[i], state); }
                break;
            }
            case SyntaxKind.ObjectField:
            {
                var ofn = (ObjectFieldNode)node;
                visit(ofn.Value, state);
                break;
            }
            case SyntaxKind.Directive:
            {
                var dn = (DirectiveNode)node;
                for (int i = 0; i < dn.Arguments.Count; i++) { visit(dn.Arguments[i], state); }
                break;
            }
            case SyntaxKind.ListType:
            {
                var lt = (ListTypeNode)node;
                visit(lt.Type, state);
                break;
            }
            case SyntaxKind.NonNullType:
            {
                var nn = (NonNullTypeNode)node;
                visit(nn.Type, state);
                break;
            }
        }
    }
}

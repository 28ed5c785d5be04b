using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Validation;

/// <summary>Allocation-free child enumeration for executable documents, in graphql-js visitor-key order.</summary>
internal static class DocumentWalker
{
    public static void ForEachChild<TState>(SyntaxNode node, TState state, Action<SyntaxNode, TState> visit)
    {
        switch (node)
        {
            case DocumentNode d:
                foreach (var def in d.Definitions)
                {
                    if (def is ExecutableDefinitionNode) { visit(def, state); }
                }
                break;
            case OperationDefinitionNode op:
                foreach (var v in op.VariableDefinitions) { visit(v, state); }
                foreach (var dir in op.Directives) { visit(dir, state); }
                visit(op.SelectionSet, state);
                break;
            case VariableDefinitionNode vd:
                visit(vd.Variable, state);
                visit(vd.Type, state);
                if (vd.DefaultValue is not null) { visit(vd.DefaultValue, state); }
                foreach (var dir in vd.Directives) { visit(dir, state); }
                break;
            case SelectionSetNode ss:
                foreach (var s in ss.Selections) { visit(s, state); }
                break;
            case FieldNode f:
                foreach (var a in f.Arguments) { visit(a, state); }
                foreach (var dir in f.Directives) { visit(dir, state); }
                if (f.SelectionSet is not null) { visit(f.SelectionSet, state); }
                break;
            case ArgumentNode arg:
                visit(arg.Value, state);
                break;
            case FragmentSpreadNode fs:
                foreach (var dir in fs.Directives) { visit(dir, state); }
                break;
            case InlineFragmentNode inf:
                if (inf.TypeCondition is not null) { visit(inf.TypeCondition, state); }
                foreach (var dir in inf.Directives) { visit(dir, state); }
                visit(inf.SelectionSet, state);
                break;
            case FragmentDefinitionNode fd:
                visit(fd.TypeCondition, state);
                foreach (var dir in fd.Directives) { visit(dir, state); }
                visit(fd.SelectionSet, state);
                break;
            case ListValueNode l:
                foreach (var v in l.Values) { visit(v, state); }
                break;
            case ObjectValueNode o:
                foreach (var of in o.Fields) { visit(of, state); }
                break;
            case ObjectFieldNode ofn:
                visit(ofn.Value, state);
                break;
            case DirectiveNode dn:
                foreach (var a in dn.Arguments) { visit(a, state); }
                break;
            case ListTypeNode lt:
                visit(lt.Type, state);
                break;
            case NonNullTypeNode nn:
                visit(nn.Type, state);
                break;
        }
    }
}

using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Validation;

/// <summary>Tracks the schema types at the current position of a walk (graphql-js TypeInfo).</summary>
internal sealed class TypeInfo(Schema schema)
{
    private readonly List<GraphQLType?> _typeStack = [];
    private readonly List<NamedType?> _parentTypeStack = [];
    private readonly List<GraphQLType?> _inputTypeStack = [];
    private readonly List<FieldDefinition?> _fieldDefStack = [];
    private readonly List<(bool Has, object? Value)> _defaultValueStack = [];

    public GraphQLType? Type => _typeStack.Count > 0 ? _typeStack[^1] : null;
    public NamedType? ParentType => _parentTypeStack.Count > 0 ? _parentTypeStack[^1] : null;
    public GraphQLType? InputType => _inputTypeStack.Count > 0 ? _inputTypeStack[^1] : null;
    public GraphQLType? ParentInputType => _inputTypeStack.Count > 1 ? _inputTypeStack[^2] : null;
    public FieldDefinition? FieldDef => _fieldDefStack.Count > 0 ? _fieldDefStack[^1] : null;
    public bool HasDefaultValue => _defaultValueStack.Count > 0 && _defaultValueStack[^1].Has;
    public DirectiveDefinition? Directive { get; private set; }
    public InputValueDefinition? Argument { get; private set; }

    public void Enter(SyntaxNode node) => Enter(node, node.Kind);

    public void Enter(SyntaxNode node, SyntaxKind kind)
    {
        if (kind is SyntaxKind.Name or SyntaxKind.NamedType or SyntaxKind.Variable or SyntaxKind.IntValue or SyntaxKind.StringValue
            or SyntaxKind.EnumValue or SyntaxKind.BooleanValue or SyntaxKind.FloatValue or SyntaxKind.NullValue or SyntaxKind.FragmentSpread
            or SyntaxKind.ObjectValue or SyntaxKind.ListType or SyntaxKind.NonNullType or SyntaxKind.Document)
        {
            return;
        }

        switch (kind)
        {
            case SyntaxKind.SelectionSet:
            {
                var named = Type?.GetNamedType();
                _parentTypeStack.Add(named is not null && named.IsComposite ? named : null);
                break;
            }
            case SyntaxKind.Field:
            {
                var field = (FieldNode)node;
                var parent = ParentType;
                var def = parent is null ? null : GetFieldDef(schema, parent, field.Name.Value);
                _fieldDefStack.Add(def);
                _typeStack.Add(def is not null && def.Type.IsOutputType ? def.Type : null);
                break;
            }
            case SyntaxKind.Directive:
                Directive = schema.GetDirective(((DirectiveNode)node).Name.Value);
                break;
            case SyntaxKind.OperationDefinition:
                _typeStack.Add(schema.GetRootType(((OperationDefinitionNode)node).Operation));
                break;
            case SyntaxKind.InlineFragment:
            {
                var inline = (InlineFragmentNode)node;
                GraphQLType? t = inline.TypeCondition is not null ? schema.GetType(inline.TypeCondition.Name.Value) : Type?.GetNamedType();
                _typeStack.Add(t is not null && t.IsOutputType ? t : null);
                break;
            }
            case SyntaxKind.FragmentDefinition:
            {
                var fragment = (FragmentDefinitionNode)node;
                GraphQLType? t = schema.GetType(fragment.TypeCondition.Name.Value);
                _typeStack.Add(t is not null && t.IsOutputType ? t : null);
                break;
            }
            case SyntaxKind.VariableDefinition:
            {
                var variable = (VariableDefinitionNode)node;
                var t = VariableCoercion.TypeFromAst(schema, variable.Type);
                _inputTypeStack.Add(t is not null && t.IsInputType ? t : null);
                break;
            }
            case SyntaxKind.Argument:
            {
                var argument = (ArgumentNode)node;
                InputValueDefinition? argDef = null;
                if (Directive is not null) { argDef = Directive.GetArgument(argument.Name.Value); }
                else if (FieldDef is not null) { argDef = FieldDef.GetArgument(argument.Name.Value); }
                Argument = argDef;
                _defaultValueStack.Add(argDef is null ? (false, null) : (argDef.HasDefaultValue, null));
                _inputTypeStack.Add(argDef is not null && argDef.Type.IsInputType ? argDef.Type : null);
                break;
            }
            case SyntaxKind.ListValue:
            {
                var listType = InputType?.Nullable;
                var itemType = listType is ListType l ? l.OfType : listType;
                _defaultValueStack.Add((false, null));
                _inputTypeStack.Add(itemType is not null && itemType.IsInputType ? itemType : null);
                break;
            }
            case SyntaxKind.ObjectField:
            {
                var objectField = (ObjectFieldNode)node;
                InputValueDefinition? fieldDef = null;
                if (InputType?.GetNamedType() is InputObjectType inputObject) { fieldDef = inputObject.GetField(objectField.Name.Value); }
                _defaultValueStack.Add(fieldDef is null ? (false, null) : (fieldDef.HasDefaultValue, null));
                _inputTypeStack.Add(fieldDef is not null && fieldDef.Type.IsInputType ? fieldDef.Type : null);
                break;
            }
        }
    }

    public void Leave(SyntaxNode node) => Leave(node, node.Kind);

    public void Leave(SyntaxNode node, SyntaxKind kind)
    {
        if (kind is SyntaxKind.Name or SyntaxKind.NamedType or SyntaxKind.Variable or SyntaxKind.IntValue or SyntaxKind.StringValue
            or SyntaxKind.EnumValue or SyntaxKind.BooleanValue or SyntaxKind.FloatValue or SyntaxKind.NullValue or SyntaxKind.FragmentSpread
            or SyntaxKind.ObjectValue or SyntaxKind.ListType or SyntaxKind.NonNullType or SyntaxKind.Document)
        {
            return;
        }

        switch (kind)
        {
            case SyntaxKind.SelectionSet: Pop(_parentTypeStack); break;
            case SyntaxKind.Field:
                Pop(_fieldDefStack);
                Pop(_typeStack);
                break;
            case SyntaxKind.Directive: Directive = null; break;
            case SyntaxKind.OperationDefinition or SyntaxKind.InlineFragment or SyntaxKind.FragmentDefinition: Pop(_typeStack); break;
            case SyntaxKind.VariableDefinition: Pop(_inputTypeStack); break;
            case SyntaxKind.Argument:
                Argument = null;
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case SyntaxKind.ListValue or SyntaxKind.ObjectField:
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
        }
    }

    private static void Pop<T>(List<T> list)
    {
        if (list.Count > 0) { list.RemoveAt(list.Count - 1); }
    }

    public static FieldDefinition? GetFieldDef(Schema schema, NamedType parentType, string name)
    {
        if (name == "__schema" && ReferenceEquals(schema.QueryType, parentType)) { return schema.SchemaField; }
        if (name == "__type" && ReferenceEquals(schema.QueryType, parentType)) { return schema.TypeField; }
        if (name == "__typename" && parentType.IsComposite) { return schema.TypeNameField; }
        return parentType is ComplexType complex ? complex.GetField(name) : null;
    }
}

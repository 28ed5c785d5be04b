namespace CxSemantic.GraphQL.Language;

/// <summary>The position of a syntax node or error in the source document.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Column">1-based column number (in UTF-16 code units, like graphql-js).</param>
/// <param name="Offset">0-based byte offset into the UTF-8 source.</param>
public readonly record struct Location(int Line, int Column, int Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"({Line}:{Column})";
}

/// <summary>The kind of a syntax node.</summary>
public enum SyntaxKind
{
    /// <summary>A name.</summary>
    Name,
    /// <summary>A document.</summary>
    Document,
    /// <summary>An operation definition.</summary>
    OperationDefinition,
    /// <summary>A variable definition.</summary>
    VariableDefinition,
    /// <summary>A selection set.</summary>
    SelectionSet,
    /// <summary>A field selection.</summary>
    Field,
    /// <summary>An argument.</summary>
    Argument,
    /// <summary>A fragment spread.</summary>
    FragmentSpread,
    /// <summary>An inline fragment.</summary>
    InlineFragment,
    /// <summary>A fragment definition.</summary>
    FragmentDefinition,
    /// <summary>A variable reference.</summary>
    Variable,
    /// <summary>An integer literal.</summary>
    IntValue,
    /// <summary>A float literal.</summary>
    FloatValue,
    /// <summary>A string literal.</summary>
    StringValue,
    /// <summary>A boolean literal.</summary>
    BooleanValue,
    /// <summary>The null literal.</summary>
    NullValue,
    /// <summary>An enum literal.</summary>
    EnumValue,
    /// <summary>A list literal.</summary>
    ListValue,
    /// <summary>An object literal.</summary>
    ObjectValue,
    /// <summary>A field of an object literal.</summary>
    ObjectField,
    /// <summary>A directive application.</summary>
    Directive,
    /// <summary>A named type reference.</summary>
    NamedType,
    /// <summary>A list type reference.</summary>
    ListType,
    /// <summary>A non-null type reference.</summary>
    NonNullType,
    /// <summary>A schema definition.</summary>
    SchemaDefinition,
    /// <summary>A root operation type definition.</summary>
    OperationTypeDefinition,
    /// <summary>A scalar type definition.</summary>
    ScalarTypeDefinition,
    /// <summary>An object type definition.</summary>
    ObjectTypeDefinition,
    /// <summary>A field definition.</summary>
    FieldDefinition,
    /// <summary>An argument or input field definition.</summary>
    InputValueDefinition,
    /// <summary>An interface type definition.</summary>
    InterfaceTypeDefinition,
    /// <summary>A union type definition.</summary>
    UnionTypeDefinition,
    /// <summary>An enum type definition.</summary>
    EnumTypeDefinition,
    /// <summary>An enum value definition.</summary>
    EnumValueDefinition,
    /// <summary>An input object type definition.</summary>
    InputObjectTypeDefinition,
    /// <summary>A directive definition.</summary>
    DirectiveDefinition,
    /// <summary>A schema extension.</summary>
    SchemaExtension,
    /// <summary>A scalar type extension.</summary>
    ScalarTypeExtension,
    /// <summary>An object type extension.</summary>
    ObjectTypeExtension,
    /// <summary>An interface type extension.</summary>
    InterfaceTypeExtension,
    /// <summary>A union type extension.</summary>
    UnionTypeExtension,
    /// <summary>An enum type extension.</summary>
    EnumTypeExtension,
    /// <summary>An input object type extension.</summary>
    InputObjectTypeExtension,
}

/// <summary>The kind of operation.</summary>
public enum OperationType
{
    /// <summary>A read-only query.</summary>
    Query,
    /// <summary>A mutation.</summary>
    Mutation,
    /// <summary>A subscription.</summary>
    Subscription,
}

/// <summary>Base class of all immutable syntax nodes.</summary>
public abstract class SyntaxNode
{
    /// <summary>Creates a node at a location.</summary>
    protected SyntaxNode(Location location) => Location = location;

    /// <summary>Where the node starts in the source.</summary>
    public Location Location { get; }

    /// <summary>The node kind.</summary>
    public abstract SyntaxKind Kind { get; }

    /// <summary>The child nodes in document order.</summary>
    public abstract IEnumerable<SyntaxNode> GetChildren();

    /// <inheritdoc />
    public override string ToString() => Printing.AstPrinter.Print(this);

    internal static IEnumerable<SyntaxNode> Concat(params object?[] parts)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case null: break;
                case SyntaxNode n: yield return n; break;
                case System.Collections.IEnumerable list:
                    foreach (var item in list) { yield return (SyntaxNode)item; }
                    break;
            }
        }
    }
}

/// <summary>A name token.</summary>
public sealed class NameNode(Location location, string value) : SyntaxNode(location)
{
    /// <summary>The name.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Name;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [];
}

/// <summary>A whole GraphQL document.</summary>
public sealed class DocumentNode(Location location, IReadOnlyList<DefinitionNode> definitions) : SyntaxNode(location)
{
    /// <summary>Top-level definitions.</summary>
    public IReadOnlyList<DefinitionNode> Definitions { get; } = definitions;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Document;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Definitions;
}

/// <summary>A top-level definition.</summary>
public abstract class DefinitionNode(Location location) : SyntaxNode(location);

/// <summary>An operation or fragment definition.</summary>
public abstract class ExecutableDefinitionNode(Location location, NameNode? name, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet) : DefinitionNode(location)
{
    /// <summary>The name, if any.</summary>
    public NameNode? Name { get; } = name;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <summary>The selection set.</summary>
    public SelectionSetNode SelectionSet { get; } = selectionSet;
}

/// <summary>An operation definition.</summary>
public sealed class OperationDefinitionNode(Location location, OperationType operation, NameNode? name, IReadOnlyList<VariableDefinitionNode> variableDefinitions, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet)
    : ExecutableDefinitionNode(location, name, directives, selectionSet)
{
    /// <summary>The operation type.</summary>
    public OperationType Operation { get; } = operation;
    /// <summary>Variable definitions.</summary>
    public IReadOnlyList<VariableDefinitionNode> VariableDefinitions { get; } = variableDefinitions;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.OperationDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Name, VariableDefinitions, Directives, SelectionSet);
}

/// <summary>A variable definition.</summary>
public sealed class VariableDefinitionNode(Location location, VariableNode variable, TypeNode type, ValueNode? defaultValue, IReadOnlyList<DirectiveNode> directives) : SyntaxNode(location)
{
    /// <summary>The variable.</summary>
    public VariableNode Variable { get; } = variable;
    /// <summary>The declared type.</summary>
    public TypeNode Type { get; } = type;
    /// <summary>The default value.</summary>
    public ValueNode? DefaultValue { get; } = defaultValue;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.VariableDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Variable, Type, DefaultValue, Directives);
}

/// <summary>A selection set.</summary>
public sealed class SelectionSetNode(Location location, IReadOnlyList<SelectionNode> selections) : SyntaxNode(location)
{
    /// <summary>Selections.</summary>
    public IReadOnlyList<SelectionNode> Selections { get; } = selections;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.SelectionSet;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Selections;
}

/// <summary>A field, fragment spread or inline fragment.</summary>
public abstract class SelectionNode(Location location, IReadOnlyList<DirectiveNode> directives) : SyntaxNode(location)
{
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
}

/// <summary>A field selection.</summary>
public sealed class FieldNode(Location location, NameNode? alias, NameNode name, IReadOnlyList<ArgumentNode> arguments, IReadOnlyList<DirectiveNode> directives, SelectionSetNode? selectionSet)
    : SelectionNode(location, directives)
{
    /// <summary>The alias.</summary>
    public NameNode? Alias { get; } = alias;
    /// <summary>The field name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>The response key (alias or name).</summary>
    public string ResponseKey => Alias?.Value ?? Name.Value;
    /// <summary>Arguments.</summary>
    public IReadOnlyList<ArgumentNode> Arguments { get; } = arguments;
    /// <summary>The sub-selection.</summary>
    public SelectionSetNode? SelectionSet { get; } = selectionSet;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Field;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Alias, Name, Arguments, Directives, SelectionSet);
}

/// <summary>An argument (name: value).</summary>
public sealed class ArgumentNode(Location location, NameNode name, ValueNode value) : SyntaxNode(location)
{
    /// <summary>The name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>The value.</summary>
    public ValueNode Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Argument;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Name, Value);
}

/// <summary>A fragment spread (...Name).</summary>
public sealed class FragmentSpreadNode(Location location, NameNode name, IReadOnlyList<DirectiveNode> directives) : SelectionNode(location, directives)
{
    /// <summary>The fragment name.</summary>
    public NameNode Name { get; } = name;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FragmentSpread;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Name, Directives);
}

/// <summary>An inline fragment.</summary>
public sealed class InlineFragmentNode(Location location, NamedTypeNode? typeCondition, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet) : SelectionNode(location, directives)
{
    /// <summary>The type condition.</summary>
    public NamedTypeNode? TypeCondition { get; } = typeCondition;
    /// <summary>The selection set.</summary>
    public SelectionSetNode SelectionSet { get; } = selectionSet;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.InlineFragment;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(TypeCondition, Directives, SelectionSet);
}

/// <summary>A fragment definition.</summary>
public sealed class FragmentDefinitionNode(Location location, NameNode name, NamedTypeNode typeCondition, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet)
    : ExecutableDefinitionNode(location, name, directives, selectionSet)
{
    /// <summary>The fragment name.</summary>
    public new NameNode Name => base.Name!;
    /// <summary>The type condition.</summary>
    public NamedTypeNode TypeCondition { get; } = typeCondition;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FragmentDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Name, TypeCondition, Directives, SelectionSet);
}

/// <summary>A directive application.</summary>
public sealed class DirectiveNode(Location location, NameNode name, IReadOnlyList<ArgumentNode> arguments) : SyntaxNode(location)
{
    /// <summary>The directive name (without @).</summary>
    public NameNode Name { get; } = name;
    /// <summary>Arguments.</summary>
    public IReadOnlyList<ArgumentNode> Arguments { get; } = arguments;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Directive;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Name, Arguments);
}

/// <summary>A type reference.</summary>
public abstract class TypeNode(Location location) : SyntaxNode(location);

/// <summary>A named type reference.</summary>
public sealed class NamedTypeNode(Location location, NameNode name) : TypeNode(location)
{
    /// <summary>The type name.</summary>
    public NameNode Name { get; } = name;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NamedType;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [Name];
}

/// <summary>A list type reference.</summary>
public sealed class ListTypeNode(Location location, TypeNode type) : TypeNode(location)
{
    /// <summary>The item type.</summary>
    public TypeNode Type { get; } = type;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ListType;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [Type];
}

/// <summary>A non-null type reference.</summary>
public sealed class NonNullTypeNode(Location location, TypeNode type) : TypeNode(location)
{
    /// <summary>The nullable inner type.</summary>
    public TypeNode Type { get; } = type;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NonNullType;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [Type];
}

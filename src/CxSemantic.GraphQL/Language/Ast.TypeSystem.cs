namespace CxSemantic.GraphQL.Language;

/// <summary>A type-system definition or extension (SDL).</summary>
public abstract class TypeSystemDefinitionNode(Location location, StringValueNode? description, IReadOnlyList<DirectiveNode> directives) : DefinitionNode(location)
{
    /// <summary>The description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <summary>Whether this is an extension (extend ...).</summary>
    public bool IsExtension => Kind >= SyntaxKind.SchemaExtension;
}

/// <summary>A schema definition or extension.</summary>
public sealed class SchemaDefinitionNode(Location location, bool extension, StringValueNode? description, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<OperationTypeDefinitionNode> operationTypes)
    : TypeSystemDefinitionNode(location, description, directives)
{
    /// <summary>The root operation types.</summary>
    public IReadOnlyList<OperationTypeDefinitionNode> OperationTypes { get; } = operationTypes;
    /// <inheritdoc />
    public override SyntaxKind Kind => extension ? SyntaxKind.SchemaExtension : SyntaxKind.SchemaDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Directives, OperationTypes);
}

/// <summary>A root operation type (query: Query).</summary>
public sealed class OperationTypeDefinitionNode(Location location, OperationType operation, NamedTypeNode type) : SyntaxNode(location)
{
    /// <summary>The operation.</summary>
    public OperationType Operation { get; } = operation;
    /// <summary>The type.</summary>
    public NamedTypeNode Type { get; } = type;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.OperationTypeDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [Type];
}

/// <summary>A named type definition or extension.</summary>
public abstract class TypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives)
    : TypeSystemDefinitionNode(location, description, directives)
{
    /// <summary>The type name.</summary>
    public NameNode Name { get; } = name;
}

/// <summary>A scalar type definition or extension.</summary>
public sealed class ScalarTypeDefinitionNode(Location location, bool extension, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives)
    : TypeDefinitionNode(location, description, name, directives)
{
    /// <inheritdoc />
    public override SyntaxKind Kind => extension ? SyntaxKind.ScalarTypeExtension : SyntaxKind.ScalarTypeDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Directives);
}

/// <summary>An object or interface type definition or extension.</summary>
public sealed class ComplexTypeDefinitionNode(Location location, SyntaxKind kind, StringValueNode? description, NameNode name, IReadOnlyList<NamedTypeNode> interfaces, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<FieldDefinitionNode> fields)
    : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Implemented interfaces.</summary>
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces;
    /// <summary>Field definitions.</summary>
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override SyntaxKind Kind { get; } = kind;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Interfaces, Directives, Fields);
}

/// <summary>A field definition.</summary>
public sealed class FieldDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<InputValueDefinitionNode> arguments, TypeNode type, IReadOnlyList<DirectiveNode> directives) : SyntaxNode(location)
{
    /// <summary>The description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>The name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Argument definitions.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; } = arguments;
    /// <summary>The field type.</summary>
    public TypeNode Type { get; } = type;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FieldDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Arguments, Type, Directives);
}

/// <summary>An argument or input field definition.</summary>
public sealed class InputValueDefinitionNode(Location location, StringValueNode? description, NameNode name, TypeNode type, ValueNode? defaultValue, IReadOnlyList<DirectiveNode> directives) : SyntaxNode(location)
{
    /// <summary>The description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>The name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>The type.</summary>
    public TypeNode Type { get; } = type;
    /// <summary>The default value.</summary>
    public ValueNode? DefaultValue { get; } = defaultValue;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.InputValueDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Type, DefaultValue, Directives);
}

/// <summary>A union type definition or extension.</summary>
public sealed class UnionTypeDefinitionNode(Location location, bool extension, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<NamedTypeNode> types)
    : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Member types.</summary>
    public IReadOnlyList<NamedTypeNode> Types { get; } = types;
    /// <inheritdoc />
    public override SyntaxKind Kind => extension ? SyntaxKind.UnionTypeExtension : SyntaxKind.UnionTypeDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Directives, Types);
}

/// <summary>An enum type definition or extension.</summary>
public sealed class EnumTypeDefinitionNode(Location location, bool extension, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<EnumValueDefinitionNode> values)
    : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Values.</summary>
    public IReadOnlyList<EnumValueDefinitionNode> Values { get; } = values;
    /// <inheritdoc />
    public override SyntaxKind Kind => extension ? SyntaxKind.EnumTypeExtension : SyntaxKind.EnumTypeDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Directives, Values);
}

/// <summary>An enum value definition.</summary>
public sealed class EnumValueDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives) : SyntaxNode(location)
{
    /// <summary>The description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>The name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.EnumValueDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Directives);
}

/// <summary>An input object type definition or extension.</summary>
public sealed class InputObjectTypeDefinitionNode(Location location, bool extension, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<InputValueDefinitionNode> fields)
    : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Input fields.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override SyntaxKind Kind => extension ? SyntaxKind.InputObjectTypeExtension : SyntaxKind.InputObjectTypeDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Directives, Fields);
}

/// <summary>A directive definition; its own directives (e.g. @deprecated) sit between the arguments and <c>repeatable</c>, as in graphql-js 17.</summary>
public sealed class DirectiveDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<InputValueDefinitionNode> arguments, IReadOnlyList<DirectiveNode> directives, bool repeatable, IReadOnlyList<NameNode> locations)
    : TypeSystemDefinitionNode(location, description, directives)
{
    /// <summary>The directive name (without @).</summary>
    public NameNode Name { get; } = name;
    /// <summary>Argument definitions.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; } = arguments;
    /// <summary>Whether the directive is repeatable.</summary>
    public bool Repeatable { get; } = repeatable;
    /// <summary>The locations.</summary>
    public IReadOnlyList<NameNode> Locations { get; } = locations;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.DirectiveDefinition;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Concat(Description, Name, Arguments, Directives, Locations);
}

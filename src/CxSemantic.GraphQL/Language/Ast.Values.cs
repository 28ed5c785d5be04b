namespace CxSemantic.GraphQL.Language;

/// <summary>An input value literal.</summary>
public abstract class ValueNode(Location location) : SyntaxNode(location)
{
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [];
}

/// <summary>A variable reference ($name).</summary>
public sealed class VariableNode(Location location, NameNode name) : ValueNode(location)
{
    /// <summary>The variable name (without $).</summary>
    public NameNode Name { get; } = name;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.Variable;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [Name];
}

/// <summary>An integer literal; the raw text is kept (it may not fit in 32 bits).</summary>
public sealed class IntValueNode(Location location, string value) : ValueNode(location)
{
    /// <summary>The literal text.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.IntValue;
}

/// <summary>A float literal; the raw text is kept.</summary>
public sealed class FloatValueNode(Location location, string value) : ValueNode(location)
{
    /// <summary>The literal text.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.FloatValue;
}

/// <summary>A string literal.</summary>
public sealed class StringValueNode(Location location, string value, bool block) : ValueNode(location)
{
    /// <summary>The decoded string value.</summary>
    public string Value { get; } = value;
    /// <summary>Whether the literal was a block string.</summary>
    public bool Block { get; } = block;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.StringValue;
}

/// <summary>A boolean literal.</summary>
public sealed class BooleanValueNode(Location location, bool value) : ValueNode(location)
{
    /// <summary>The value.</summary>
    public bool Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.BooleanValue;
}

/// <summary>The null literal.</summary>
public sealed class NullValueNode(Location location) : ValueNode(location)
{
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.NullValue;
}

/// <summary>An enum literal.</summary>
public sealed class EnumValueNode(Location location, string value) : ValueNode(location)
{
    /// <summary>The enum value name.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.EnumValue;
}

/// <summary>A list literal.</summary>
public sealed class ListValueNode(Location location, IReadOnlyList<ValueNode> values) : ValueNode(location)
{
    /// <summary>The items.</summary>
    public IReadOnlyList<ValueNode> Values { get; } = values;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ListValue;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Values;
}

/// <summary>An object literal.</summary>
public sealed class ObjectValueNode(Location location, IReadOnlyList<ObjectFieldNode> fields) : ValueNode(location)
{
    /// <summary>The fields.</summary>
    public IReadOnlyList<ObjectFieldNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ObjectValue;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => Fields;
}

/// <summary>A field of an object literal.</summary>
public sealed class ObjectFieldNode(Location location, NameNode name, ValueNode value) : SyntaxNode(location)
{
    /// <summary>The field name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>The value.</summary>
    public ValueNode Value { get; } = value;
    /// <inheritdoc />
    public override SyntaxKind Kind => SyntaxKind.ObjectField;
    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> GetChildren() => [Name, Value];
}

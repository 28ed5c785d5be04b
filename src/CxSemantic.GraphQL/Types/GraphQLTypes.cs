using CxSemantic.GraphQL.Execution;

namespace CxSemantic.GraphQL.Types;

/// <summary>The kind of a GraphQL type, as reported by introspection.</summary>
public enum TypeKind
{
    /// <summary>SCALAR</summary>
    Scalar,
    /// <summary>OBJECT</summary>
    Object,
    /// <summary>INTERFACE</summary>
    Interface,
    /// <summary>UNION</summary>
    Union,
    /// <summary>ENUM</summary>
    Enum,
    /// <summary>INPUT_OBJECT</summary>
    InputObject,
    /// <summary>LIST</summary>
    List,
    /// <summary>NON_NULL</summary>
    NonNull,
}

/// <summary>Any GraphQL type: a named type or a list/non-null wrapper.</summary>
public abstract class GraphQLType
{
    /// <summary>The type kind.</summary>
    public abstract TypeKind Kind { get; }

    /// <summary>The innermost named type.</summary>
    public abstract NamedType GetNamedType();

    /// <summary>Whether values of this type may be used as input (arguments, variables).</summary>
    public bool IsInputType => GetNamedType().Kind is TypeKind.Scalar or TypeKind.Enum or TypeKind.InputObject;

    /// <summary>Whether values of this type may be used as output (fields).</summary>
    public bool IsOutputType => GetNamedType().Kind is not TypeKind.InputObject;

    /// <summary>The type without an outer non-null wrapper.</summary>
    public GraphQLType Nullable => this is NonNullType nn ? nn.OfType : this;

    /// <summary>Whether this is a scalar or enum type.</summary>
    public bool IsLeaf => Kind is TypeKind.Scalar or TypeKind.Enum;

    /// <summary>Whether this is an object, interface or union type.</summary>
    public bool IsComposite => Kind is TypeKind.Object or TypeKind.Interface or TypeKind.Union;

    /// <summary>Whether this is an interface or union type.</summary>
    public bool IsAbstract => Kind is TypeKind.Interface or TypeKind.Union;

    /// <summary>Structural type equality.</summary>
    public static bool AreEqual(GraphQLType a, GraphQLType b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return (a, b) switch
        {
            (NonNullType x, NonNullType y) => AreEqual(x.OfType, y.OfType),
            (ListType x, ListType y) => AreEqual(x.OfType, y.OfType),
            (NamedType x, NamedType y) => ReferenceEquals(x, y),
            _ => false,
        };
    }
}

/// <summary>A list type wrapper.</summary>
public sealed class ListType(GraphQLType ofType) : GraphQLType
{
    /// <summary>The item type.</summary>
    public GraphQLType OfType { get; } = ofType;
    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.List;
    /// <inheritdoc />
    public override NamedType GetNamedType() => OfType.GetNamedType();
    /// <inheritdoc />
    public override string ToString() => $"[{OfType}]";
}

/// <summary>A non-null type wrapper.</summary>
public sealed class NonNullType(GraphQLType ofType) : GraphQLType
{
    /// <summary>The nullable inner type.</summary>
    public GraphQLType OfType { get; } = ofType;
    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.NonNull;
    /// <inheritdoc />
    public override NamedType GetNamedType() => OfType.GetNamedType();
    /// <inheritdoc />
    public override string ToString() => $"{OfType}!";
}

/// <summary>A named type (scalar, object, interface, union, enum or input object).</summary>
public abstract class NamedType : GraphQLType
{
    /// <summary>Creates a named type.</summary>
    protected NamedType(string name, string? description)
    {
        NameValidator.Validate(name);
        Name = name;
        Description = description;
    }

    /// <summary>The type name.</summary>
    public string Name { get; }

    /// <summary>The description.</summary>
    public string? Description { get; }

    /// <inheritdoc />
    public override NamedType GetNamedType() => this;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Name lookup that keeps the first of duplicate names (duplicates are reported by schema validation).</summary>
    private protected static Dictionary<string, T> ToLookup<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var map = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items) { map.TryAdd(name(item), item); }
        return map;
    }
}

/// <summary>An argument, input field or directive argument.</summary>
public sealed class InputValueDefinition
{
    private readonly Func<object?>? _defaultFactory;
    private object? _defaultValue;
    private bool _defaultComputed;

    internal InputValueDefinition(string name, string? description, GraphQLType type, Func<object?>? defaultFactory, string? deprecationReason)
    {
        Name = name;
        Description = description;
        Type = type;
        _defaultFactory = defaultFactory;
        DeprecationReason = deprecationReason;
    }

    /// <summary>The name.</summary>
    public string Name { get; }
    /// <summary>The description.</summary>
    public string? Description { get; }
    /// <summary>The input type.</summary>
    public GraphQLType Type { get; }
    /// <summary>Whether a default value is defined.</summary>
    public bool HasDefaultValue => _defaultFactory is not null;
    /// <summary>The coerced default value.</summary>
    public object? DefaultValue
    {
        get
        {
            if (!_defaultComputed && _defaultFactory is not null)
            {
                _defaultValue = _defaultFactory();
                _defaultComputed = true;
            }
            return _defaultValue;
        }
    }
    /// <summary>Why the value is deprecated, or null.</summary>
    public string? DeprecationReason { get; }
    /// <summary>Whether the value is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;
}

/// <summary>A field of an object or interface type.</summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(string name, string? description, GraphQLType type, IReadOnlyList<InputValueDefinition> arguments, FieldResolver? resolver, string? deprecationReason, int cost)
    {
        Name = name;
        Description = description;
        Type = type;
        Arguments = arguments;
        Resolver = resolver;
        DeprecationReason = deprecationReason;
        Cost = cost;
    }

    /// <summary>The name.</summary>
    public string Name { get; }
    /// <summary>The description.</summary>
    public string? Description { get; }
    /// <summary>The output type.</summary>
    public GraphQLType Type { get; }
    /// <summary>Argument definitions.</summary>
    public IReadOnlyList<InputValueDefinition> Arguments { get; }
    /// <summary>The resolver; null means the default property resolver.</summary>
    public FieldResolver? Resolver { get; }
    /// <summary>Why the field is deprecated, or null.</summary>
    public string? DeprecationReason { get; }
    /// <summary>Whether the field is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;
    /// <summary>The complexity cost of selecting this field once (default 1).</summary>
    public int Cost { get; }

    /// <summary>Finds an argument by name.</summary>
    public InputValueDefinition? GetArgument(string name)
    {
        for (int iA = 0; iA < Arguments.Count; iA++)
        {
            var a = Arguments[iA];
            if (a.Name == name) { return a; }
        }
        return null;
    }
}

/// <summary>Common base of object and interface types.</summary>
public abstract class ComplexType : NamedType
{
    private Dictionary<string, FieldDefinition> _fieldMap = [];

    /// <summary>Creates a complex type.</summary>
    protected ComplexType(string name, string? description) : base(name, description) { }

    /// <summary>Fields in definition order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; private set; } = [];

    /// <summary>Implemented interfaces.</summary>
    public IReadOnlyList<InterfaceType> Interfaces { get; private set; } = [];

    internal void Complete(IReadOnlyList<FieldDefinition> fields, IReadOnlyList<InterfaceType> interfaces)
    {
        Fields = fields;
        Interfaces = interfaces;
        _fieldMap = ToLookup(fields, f => f.Name);
    }

    /// <summary>Finds a field by name.</summary>
    public FieldDefinition? GetField(string name) => _fieldMap.GetValueOrDefault(name);
}

/// <summary>An object type.</summary>
public sealed class ObjectType : ComplexType
{
    internal ObjectType(string name, string? description, Func<object?, bool>? isTypeOf) : base(name, description) => IsTypeOf = isTypeOf;

    /// <summary>Optional runtime check used to resolve abstract types.</summary>
    public Func<object?, bool>? IsTypeOf { get; }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Object;
}

/// <summary>Resolves the concrete object type name of a value of an abstract type.</summary>
public delegate string? TypeResolver(object? value, ResolverContext context);

/// <summary>An interface type.</summary>
public sealed class InterfaceType : ComplexType
{
    internal InterfaceType(string name, string? description, TypeResolver? resolveType) : base(name, description) => ResolveType = resolveType;

    /// <summary>Optional type resolver.</summary>
    public TypeResolver? ResolveType { get; }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Interface;
}

/// <summary>A union type.</summary>
public sealed class UnionType : NamedType
{
    internal UnionType(string name, string? description, TypeResolver? resolveType) : base(name, description) => ResolveType = resolveType;

    /// <summary>Member object types.</summary>
    public IReadOnlyList<ObjectType> Types { get; private set; } = [];

    /// <summary>Optional type resolver.</summary>
    public TypeResolver? ResolveType { get; }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Union;

    internal void Complete(IReadOnlyList<ObjectType> types) => Types = types;
}

/// <summary>A value of an enum type.</summary>
public sealed class EnumValueDefinition
{
    internal EnumValueDefinition(string name, string? description, object? value, string? deprecationReason)
    {
        Name = name;
        Description = description;
        Value = value;
        DeprecationReason = deprecationReason;
    }

    /// <summary>The GraphQL name.</summary>
    public string Name { get; }
    /// <summary>The description.</summary>
    public string? Description { get; }
    /// <summary>The runtime value (the name itself unless configured).</summary>
    public object? Value { get; }
    /// <summary>Why the value is deprecated, or null.</summary>
    public string? DeprecationReason { get; }
    /// <summary>Whether the value is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;
}

/// <summary>An enum type.</summary>
public sealed class EnumType : NamedType
{
    private readonly Dictionary<string, EnumValueDefinition> _byName;
    private readonly Dictionary<object, EnumValueDefinition> _byValue;

    internal EnumType(string name, string? description, IReadOnlyList<EnumValueDefinition> values) : base(name, description)
    {
        Values = values;
        _byName = ToLookup(values, v => v.Name);
        _byValue = [];
        foreach (var v in values)
        {
            if (v.Value is not null) { _byValue.TryAdd(v.Value, v); }
        }
    }

    /// <summary>Values in definition order.</summary>
    public IReadOnlyList<EnumValueDefinition> Values { get; }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Enum;

    /// <summary>Finds a value by GraphQL name.</summary>
    public EnumValueDefinition? GetValue(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Finds a value by runtime value (falls back to the name for strings).</summary>
    public EnumValueDefinition? GetValueByRuntimeValue(object? value)
    {
        if (value is null) { return null; }
        if (_byValue.TryGetValue(value, out var def)) { return def; }
        if (value is Enum e) { return GetValue(e.ToString()); }
        return null;
    }
}

/// <summary>An input object type.</summary>
public sealed class InputObjectType : NamedType
{
    private Dictionary<string, InputValueDefinition> _fieldMap = [];

    internal InputObjectType(string name, string? description, bool isOneOf) : base(name, description) => IsOneOf = isOneOf;

    /// <summary>Fields in definition order.</summary>
    public IReadOnlyList<InputValueDefinition> Fields { get; private set; } = [];

    /// <summary>Whether this is a OneOf input object (exactly one field must be set).</summary>
    public bool IsOneOf { get; }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.InputObject;

    /// <summary>Finds a field by name.</summary>
    public InputValueDefinition? GetField(string name) => _fieldMap.GetValueOrDefault(name);

    internal void Complete(IReadOnlyList<InputValueDefinition> fields)
    {
        Fields = fields;
        _fieldMap = ToLookup(fields, f => f.Name);
    }
}

/// <summary>A directive definition.</summary>
public sealed class DirectiveDefinition
{
    internal DirectiveDefinition(string name, string? description, IReadOnlyList<DirectiveLocation> locations, IReadOnlyList<InputValueDefinition> arguments, bool isRepeatable, string? deprecationReason = null)
    {
        Name = name;
        Description = description;
        Locations = locations;
        Arguments = arguments;
        IsRepeatable = isRepeatable;
        DeprecationReason = deprecationReason;
    }

    /// <summary>The name (without @).</summary>
    public string Name { get; }
    /// <summary>The description.</summary>
    public string? Description { get; }
    /// <summary>Where the directive may appear.</summary>
    public IReadOnlyList<DirectiveLocation> Locations { get; }
    /// <summary>Argument definitions.</summary>
    public IReadOnlyList<InputValueDefinition> Arguments { get; }
    /// <summary>Whether the directive may appear more than once at a location.</summary>
    public bool IsRepeatable { get; }
    /// <summary>Why the directive is deprecated (@deprecated on its definition), or null when it is not.</summary>
    public string? DeprecationReason { get; }
    /// <summary>Whether the directive is deprecated.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>Whether this is one of the directives defined by the specification.</summary>
    public bool IsSpecified => Name is "skip" or "include" or "deprecated" or "specifiedBy" or "oneOf";

    /// <summary>Finds an argument by name.</summary>
    public InputValueDefinition? GetArgument(string name)
    {
        for (int i = 0; i < Arguments.Count; i++)
        {
            if (Arguments[i].Name == name) { return Arguments[i]; }
        }
        return null;
    }
}

internal static class NameValidator
{
    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        bool ok = IsNameStart(name[0]);
        for (int i = 1; ok && i < name.Length; i++)
        {
            ok = IsNameStart(name[i]) || char.IsAsciiDigit(name[i]);
        }
        if (!ok)
        {
            throw new SchemaException($"Names must only contain [_a-zA-Z0-9] but \"{name}\" does not.");
        }
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
}

/// <summary>A schema definition is invalid.</summary>
public sealed class SchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaException() { }
    /// <summary>Creates the exception with a message.</summary>
    public SchemaException(string message) : base(message) { }
    /// <summary>Creates the exception with a message and cause.</summary>
    public SchemaException(string message, Exception innerException) : base(message, innerException) { }
}

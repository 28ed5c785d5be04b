using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Types;

/// <summary>Base of the type configuration builders used by <see cref="SchemaBuilder"/>.</summary>
public abstract class TypeConfig
{
    private protected TypeConfig(string name)
    {
        NameValidator.Validate(name);
        Name = name;
    }

    /// <summary>The type name.</summary>
    public string Name { get; }

    internal string? DescriptionText { get; set; }
}

internal sealed class ScalarConfig : TypeConfig
{
    public ScalarConfig(string name, string? description, string? specifiedByUrl) : base(name)
    {
        DescriptionText = description;
        SpecifiedByUrl = specifiedByUrl;
    }

    public string? SpecifiedByUrl { get; }
}

/// <summary>Configures an object or interface type.</summary>
public abstract class ComplexTypeBuilder : TypeConfig
{
    private protected ComplexTypeBuilder(string name) : base(name) { }

    internal List<FieldBuilder> FieldBuilders { get; } = [];
    internal List<string> InterfaceNames { get; } = [];

    internal FieldBuilder AddField(string name, string type, Action<FieldBuilder>? configure)
    {
        var field = new FieldBuilder(name, GraphQLParser.ParseType(type));
        configure?.Invoke(field);
        if (FieldBuilders.Any(f => f.Name == name))
        {
            throw new SchemaException($"Field \"{Name}.{name}\" can only be defined once.");
        }
        FieldBuilders.Add(field);
        return field;
    }
}

/// <summary>Configures an object type.</summary>
public sealed class ObjectTypeBuilder : ComplexTypeBuilder
{
    internal ObjectTypeBuilder(string name) : base(name) { }

    internal Func<object?, bool>? IsTypeOfFunc { get; private set; }

    /// <summary>Sets the description.</summary>
    public ObjectTypeBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Declares implemented interfaces.</summary>
    public ObjectTypeBuilder Implements(params string[] interfaces)
    {
        InterfaceNames.AddRange(interfaces);
        return this;
    }

    /// <summary>Adds a field; <paramref name="type"/> is a GraphQL type reference such as <c>"[String!]!"</c>.</summary>
    public ObjectTypeBuilder Field(string name, string type, Action<FieldBuilder>? configure = null)
    {
        AddField(name, type, configure);
        return this;
    }

    /// <summary>Adds a field with a synchronous resolver.</summary>
    public ObjectTypeBuilder Field(string name, string type, Func<ResolverContext, object?> resolve)
    {
        AddField(name, type, f => f.Resolve(resolve));
        return this;
    }

    /// <summary>Sets the runtime check used when resolving abstract types.</summary>
    public ObjectTypeBuilder IsTypeOf(Func<object?, bool> isTypeOf)
    {
        IsTypeOfFunc = isTypeOf;
        return this;
    }
}

/// <summary>Configures an interface type.</summary>
public sealed class InterfaceTypeBuilder : ComplexTypeBuilder
{
    internal InterfaceTypeBuilder(string name) : base(name) { }

    internal TypeResolver? TypeResolverFunc { get; private set; }

    /// <summary>Sets the description.</summary>
    public InterfaceTypeBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Declares implemented interfaces.</summary>
    public InterfaceTypeBuilder Implements(params string[] interfaces)
    {
        InterfaceNames.AddRange(interfaces);
        return this;
    }

    /// <summary>Adds a field.</summary>
    public InterfaceTypeBuilder Field(string name, string type, Action<FieldBuilder>? configure = null)
    {
        AddField(name, type, configure);
        return this;
    }

    /// <summary>Sets the type resolver (default: a "__typename" entry, then IsTypeOf of the possible types).</summary>
    public InterfaceTypeBuilder ResolveType(TypeResolver resolver)
    {
        TypeResolverFunc = resolver;
        return this;
    }
}

/// <summary>Configures a field.</summary>
public sealed class FieldBuilder
{
    internal FieldBuilder(string name, TypeNode type)
    {
        NameValidator.Validate(name);
        Name = name;
        TypeRef = type;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }
    internal TypeNode TypeRef { get; }
    internal string? DescriptionText { get; set; }
    internal string? DeprecationReason { get; set; }
    internal FieldResolver? ResolverFunc { get; private set; }
    internal List<InputValueBuilder> Arguments { get; } = [];
    internal int CostValue { get; private set; } = 1;

    /// <summary>Sets the description.</summary>
    public FieldBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Marks the field deprecated.</summary>
    public FieldBuilder Deprecated(string reason = "No longer supported")
    {
        DeprecationReason = reason;
        return this;
    }

    /// <summary>Adds an argument.</summary>
    public FieldBuilder Argument(string name, string type, Action<InputValueBuilder>? configure = null)
    {
        var argument = new InputValueBuilder(name, GraphQLParser.ParseType(type));
        configure?.Invoke(argument);
        Arguments.Add(argument);
        return this;
    }

    /// <summary>Sets an asynchronous resolver.</summary>
    public FieldBuilder Resolve(FieldResolver resolver)
    {
        ResolverFunc = resolver;
        return this;
    }

    /// <summary>Sets a synchronous resolver.</summary>
    public FieldBuilder Resolve(Func<ResolverContext, object?> resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ResolverFunc = ctx => new ValueTask<object?>(resolver(ctx));
        return this;
    }

    /// <summary>Sets a task-returning resolver.</summary>
    public FieldBuilder ResolveAsync(Func<ResolverContext, Task<object?>> resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ResolverFunc = ctx => new ValueTask<object?>(resolver(ctx));
        return this;
    }

    /// <summary>Sets the complexity cost of this field (default 1), used by <see cref="ExecutionOptions.MaxComplexity"/>.</summary>
    public FieldBuilder Cost(int cost)
    {
        CostValue = cost;
        return this;
    }
}

/// <summary>Configures an argument or input field.</summary>
public sealed class InputValueBuilder
{
    internal InputValueBuilder(string name, TypeNode type)
    {
        NameValidator.Validate(name);
        Name = name;
        TypeRef = type;
    }

    /// <summary>The name.</summary>
    public string Name { get; }
    internal TypeNode TypeRef { get; }
    internal string? DescriptionText { get; set; }
    internal string? DeprecationReason { get; set; }
    internal ValueNode? DefaultLiteral { get; set; }

    /// <summary>Sets the description.</summary>
    public InputValueBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Sets the default value, written as a GraphQL literal (e.g. <c>"10"</c>, <c>"[ASC]"</c>, <c>"{a: 1}"</c>).</summary>
    public InputValueBuilder DefaultValue(string literal)
    {
        DefaultLiteral = GraphQLParser.ParseValue(literal);
        return this;
    }

    /// <summary>Marks the value deprecated.</summary>
    public InputValueBuilder Deprecated(string reason = "No longer supported")
    {
        DeprecationReason = reason;
        return this;
    }
}

/// <summary>Configures a union type.</summary>
public sealed class UnionTypeBuilder : TypeConfig
{
    internal UnionTypeBuilder(string name) : base(name) { }

    internal List<string> MemberNames { get; } = [];
    internal TypeResolver? TypeResolverFunc { get; private set; }

    /// <summary>Sets the description.</summary>
    public UnionTypeBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Adds member object types.</summary>
    public UnionTypeBuilder Types(params string[] types)
    {
        MemberNames.AddRange(types);
        return this;
    }

    /// <summary>Sets the type resolver.</summary>
    public UnionTypeBuilder ResolveType(TypeResolver resolver)
    {
        TypeResolverFunc = resolver;
        return this;
    }
}

/// <summary>Configures an enum type.</summary>
public sealed class EnumTypeBuilder : TypeConfig
{
    internal EnumTypeBuilder(string name) : base(name) { }

    internal List<EnumValueBuilder> Values { get; } = [];

    /// <summary>Sets the description.</summary>
    public EnumTypeBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Adds a value.</summary>
    public EnumTypeBuilder Value(string name, Action<EnumValueBuilder>? configure = null)
    {
        var value = new EnumValueBuilder(name);
        configure?.Invoke(value);
        Values.Add(value);
        return this;
    }
}

/// <summary>Configures an enum value.</summary>
public sealed class EnumValueBuilder
{
    internal EnumValueBuilder(string name)
    {
        NameValidator.Validate(name);
        if (name is "true" or "false" or "null") { throw new SchemaException($"Enum values cannot be named: {name}"); }
        Name = name;
    }

    /// <summary>The GraphQL name.</summary>
    public string Name { get; }
    internal string? DescriptionText { get; set; }
    internal string? DeprecationReason { get; set; }
    internal object? RuntimeValue { get; private set; }
    internal bool HasValue { get; private set; }

    /// <summary>Sets the description.</summary>
    public EnumValueBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Sets the runtime value (default: the name).</summary>
    public EnumValueBuilder RunsAs(object? value)
    {
        RuntimeValue = value;
        HasValue = true;
        return this;
    }

    /// <summary>Marks the value deprecated.</summary>
    public EnumValueBuilder Deprecated(string reason = "No longer supported")
    {
        DeprecationReason = reason;
        return this;
    }
}

/// <summary>Configures an input object type.</summary>
public sealed class InputObjectTypeBuilder : TypeConfig
{
    internal InputObjectTypeBuilder(string name) : base(name) { }

    internal List<InputValueBuilder> Fields { get; } = [];
    internal bool IsOneOf { get; private set; }

    /// <summary>Sets the description.</summary>
    public InputObjectTypeBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Adds a field.</summary>
    public InputObjectTypeBuilder Field(string name, string type, Action<InputValueBuilder>? configure = null)
    {
        var field = new InputValueBuilder(name, GraphQLParser.ParseType(type));
        configure?.Invoke(field);
        Fields.Add(field);
        return this;
    }

    /// <summary>Marks the type @oneOf: exactly one field must be given.</summary>
    public InputObjectTypeBuilder OneOf()
    {
        IsOneOf = true;
        return this;
    }
}

/// <summary>Configures a directive definition.</summary>
public sealed class DirectiveBuilder
{
    internal DirectiveBuilder(string name)
    {
        NameValidator.Validate(name);
        Name = name;
    }

    /// <summary>The directive name (without @).</summary>
    public string Name { get; }
    internal string? DescriptionText { get; set; }
    internal List<InputValueBuilder> Arguments { get; } = [];
    internal List<DirectiveLocation> LocationList { get; } = [];
    internal bool IsRepeatable { get; private set; }
    internal string? DeprecationReason { get; set; }

    /// <summary>Sets the description.</summary>
    public DirectiveBuilder Description(string? description)
    {
        DescriptionText = description;
        return this;
    }

    /// <summary>Adds an argument.</summary>
    public DirectiveBuilder Argument(string name, string type, Action<InputValueBuilder>? configure = null)
    {
        var argument = new InputValueBuilder(name, GraphQLParser.ParseType(type));
        configure?.Invoke(argument);
        Arguments.Add(argument);
        return this;
    }

    /// <summary>Adds locations.</summary>
    public DirectiveBuilder Locations(params DirectiveLocation[] locations)
    {
        LocationList.AddRange(locations);
        return this;
    }

    /// <summary>Marks the directive repeatable.</summary>
    public DirectiveBuilder Repeatable()
    {
        IsRepeatable = true;
        return this;
    }

    /// <summary>Marks the directive deprecated (introspection hides it unless <c>includeDeprecated: true</c>).</summary>
    public DirectiveBuilder Deprecated(string reason = "No longer supported")
    {
        DeprecationReason = reason;
        return this;
    }
}

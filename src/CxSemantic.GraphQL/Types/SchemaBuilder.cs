using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Introspection;
using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Types;

/// <summary>
/// Builds a <see cref="Schema"/> in code (and/or from SDL). Type references are written in GraphQL
/// syntax, e.g. <c>"[Metric!]!"</c>, and resolved when <see cref="Build"/> is called.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly List<TypeConfig> _types = [];
    private readonly Dictionary<string, TypeConfig> _byName = new(StringComparer.Ordinal);
    private readonly List<DirectiveBuilder> _directives = [];
    private readonly Dictionary<(string Type, string Field), FieldResolver> _resolvers = [];
    private readonly Dictionary<string, TypeResolver> _typeResolvers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarType> _scalars = new(StringComparer.Ordinal);
    private string? _description;
    private string? _queryTypeName;
    private string? _mutationTypeName;
    private string? _subscriptionTypeName;

    /// <summary>Sets the schema description.</summary>
    public SchemaBuilder Description(string? description)
    {
        _description = description;
        return this;
    }

    /// <summary>Names the query root type (default: "Query").</summary>
    public SchemaBuilder QueryType(string name)
    {
        _queryTypeName = name;
        return this;
    }

    /// <summary>Names the mutation root type (default: "Mutation" if defined).</summary>
    public SchemaBuilder MutationType(string name)
    {
        _mutationTypeName = name;
        return this;
    }

    /// <summary>Names the subscription root type (default: "Subscription" if defined).</summary>
    public SchemaBuilder SubscriptionType(string name)
    {
        _subscriptionTypeName = name;
        return this;
    }

    /// <summary>Adds an object type.</summary>
    public SchemaBuilder AddObjectType(string name, Action<ObjectTypeBuilder> configure) => Configure(name, n => new ObjectTypeBuilder(n), configure);

    /// <summary>Adds an interface type.</summary>
    public SchemaBuilder AddInterfaceType(string name, Action<InterfaceTypeBuilder> configure) => Configure(name, n => new InterfaceTypeBuilder(n), configure);

    /// <summary>Adds a union type.</summary>
    public SchemaBuilder AddUnionType(string name, Action<UnionTypeBuilder> configure) => Configure(name, n => new UnionTypeBuilder(n), configure);

    /// <summary>Adds an enum type.</summary>
    public SchemaBuilder AddEnumType(string name, Action<EnumTypeBuilder> configure) => Configure(name, n => new EnumTypeBuilder(n), configure);

    /// <summary>Adds an input object type.</summary>
    public SchemaBuilder AddInputObjectType(string name, Action<InputObjectTypeBuilder> configure) => Configure(name, n => new InputObjectTypeBuilder(n), configure);

    /// <summary>Creates the type's builder, lets <paramref name="configure"/> fill it in and adds it.</summary>
    private SchemaBuilder Configure<T>(string name, Func<string, T> create, Action<T> configure)
        where T : TypeConfig
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = create(name);
        configure(builder);
        return Add(builder);
    }

    /// <summary>Adds a custom scalar (or supplies the implementation of a scalar declared in SDL).</summary>
    public SchemaBuilder AddScalarType(ScalarType scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        _scalars[scalar.Name] = scalar;
        if (!_byName.ContainsKey(scalar.Name))
        {
            Add(new ScalarConfig(scalar.Name, scalar.Description, scalar.SpecifiedByUrl));
        }
        return this;
    }

    /// <summary>Adds a directive definition.</summary>
    public SchemaBuilder AddDirective(string name, Action<DirectiveBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new DirectiveBuilder(name);
        configure(builder);
        _directives.Add(builder);
        return this;
    }

    /// <summary>Sets (or replaces) the resolver of a field, e.g. for types declared in SDL.</summary>
    public SchemaBuilder AddResolver(string typeName, string fieldName, FieldResolver resolver)
    {
        _resolvers[(typeName, fieldName)] = resolver;
        return this;
    }

    /// <summary>Sets a synchronous resolver of a field.</summary>
    public SchemaBuilder AddResolver(string typeName, string fieldName, Func<ResolverContext, object?> resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return AddResolver(typeName, fieldName, ctx => new ValueTask<object?>(resolver(ctx)));
    }

    /// <summary>Sets the type resolver of an interface or union.</summary>
    public SchemaBuilder AddTypeResolver(string abstractTypeName, TypeResolver resolver)
    {
        _typeResolvers[abstractTypeName] = resolver;
        return this;
    }

    /// <summary>Adds the types, directives and schema definition of an SDL document.</summary>
    /// <exception cref="GraphQLSyntaxException">The SDL is not valid syntax.</exception>
    public SchemaBuilder AddTypeDefinitions(string sdl)
    {
        var document = GraphQLParser.Parse(sdl);
        SdlSchemaReader.Read(this, document);
        return this;
    }

    internal SchemaBuilder Add(TypeConfig config)
    {
        if (_byName.TryGetValue(config.Name, out var existing))
        {
            if (existing is ScalarConfig && config is ScalarConfig) { return this; }
            throw new SchemaException($"Type \"{config.Name}\" is defined more than once.");
        }
        _types.Add(config);
        _byName[config.Name] = config;
        return this;
    }

    internal TypeConfig? Find(string name) => _byName.GetValueOrDefault(name);

    internal void AddDirectiveBuilder(DirectiveBuilder builder) => _directives.Add(builder);

    internal IReadOnlyList<DirectiveBuilder> DirectiveBuilders => _directives;

    /// <summary>Builds and validates the schema.</summary>
    /// <exception cref="SchemaException">The schema is invalid.</exception>
    public Schema Build() => new Linker(this).Link(false);

    internal Schema BuildWithIntrospection() => new Linker(this).Link(true);

    private sealed class Linker(SchemaBuilder builder)
    {
        private readonly Dictionary<string, NamedType> _types = new(StringComparer.Ordinal);
        private readonly List<NamedType> _ordered = [];
        private readonly List<string> _errors = [];

        public Schema Link(bool _)
        {
            var configs = new List<TypeConfig>(builder._types);
            foreach (var config in configs)
            {
                if (config.Name.StartsWith("__", StringComparison.Ordinal))
                {
                    _errors.Add($"Name \"{config.Name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
                }
            }

            var introspectionBuilder = IntrospectionSchema.CreateBuilder();
            configs.AddRange(introspectionBuilder._types);

            foreach (var config in configs)
            {
                NamedType type = config switch
                {
                    ScalarConfig s => builder._scalars.TryGetValue(s.Name, out var impl) ? impl
                        : BuiltInScalar(s.Name) ?? new ScalarType(s.Name, s.DescriptionText, specifiedByUrl: s.SpecifiedByUrl),
                    ObjectTypeBuilder o => new ObjectType(o.Name, o.DescriptionText, o.IsTypeOfFunc),
                    InterfaceTypeBuilder i => new InterfaceType(i.Name, i.DescriptionText, builder._typeResolvers.GetValueOrDefault(i.Name) ?? introspectionBuilder._typeResolvers.GetValueOrDefault(i.Name) ?? i.TypeResolverFunc),
                    UnionTypeBuilder u => new UnionType(u.Name, u.DescriptionText, builder._typeResolvers.GetValueOrDefault(u.Name) ?? u.TypeResolverFunc),
                    EnumTypeBuilder e => new EnumType(e.Name, e.DescriptionText, [.. e.Values.Select(v => new EnumValueDefinition(v.Name, v.DescriptionText, v.HasValue ? v.RuntimeValue : v.Name, v.DeprecationReason))]),
                    InputObjectTypeBuilder io => new InputObjectType(io.Name, io.DescriptionText, io.IsOneOf),
                    _ => throw new SchemaException($"Unsupported type configuration {config.GetType().Name}."),
                };
                _types[config.Name] = type;
            }

            // Built-in scalars are always available.
            foreach (var scalar in new[] { ScalarType.Int, ScalarType.Float, ScalarType.String, ScalarType.Boolean, ScalarType.ID })
            {
                _types.TryAdd(scalar.Name, scalar);
            }

            var resolvers = new Dictionary<(string, string), FieldResolver>(introspectionBuilder._resolvers);
            foreach (var (key, value) in builder._resolvers) { resolvers[key] = value; }

            foreach (var config in configs)
            {
                var type = _types[config.Name];
                switch (config)
                {
                    case ComplexTypeBuilder complex:
                    {
                        var fields = new List<FieldDefinition>();
                        foreach (var f in complex.FieldBuilders)
                        {
                            var fieldType = ResolveTypeRef(f.TypeRef, $"{complex.Name}.{f.Name}");
                            var args = f.Arguments.Select(a => CreateInputValue(a, $"{complex.Name}.{f.Name}({a.Name}:)")).ToList();
                            var resolver = resolvers.GetValueOrDefault((complex.Name, f.Name)) ?? f.ResolverFunc;
                            fields.Add(new FieldDefinition(f.Name, f.DescriptionText, fieldType ?? ScalarType.String, args, resolver, f.DeprecationReason, f.CostValue));
                        }
                        var interfaces = new List<InterfaceType>();
                        foreach (var name in complex.InterfaceNames)
                        {
                            if (_types.GetValueOrDefault(name) is InterfaceType iface) { interfaces.Add(iface); }
                            else { _errors.Add($"Type {complex.Name} must only implement Interface types, it cannot implement {name}."); }
                        }
                        ((ComplexType)type).Complete(fields, interfaces);
                        break;
                    }
                    case UnionTypeBuilder union:
                    {
                        var members = new List<ObjectType>();
                        foreach (var name in union.MemberNames)
                        {
                            if (_types.GetValueOrDefault(name) is ObjectType member) { members.Add(member); }
                            else { _errors.Add($"Union type {union.Name} can only include Object types, it cannot include {name}."); }
                        }
                        ((UnionType)type).Complete(members);
                        break;
                    }
                    case InputObjectTypeBuilder input:
                        ((InputObjectType)type).Complete([.. input.Fields.Select(f => CreateInputValue(f, $"{input.Name}.{f.Name}"))]);
                        break;
                }
            }

            var directives = new List<DirectiveDefinition>();
            var directiveNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var d in builder._directives.Concat(IntrospectionSchema.SpecifiedDirectives()))
            {
                if (!directiveNames.Add(d.Name)) { continue; }
                directives.Add(new DirectiveDefinition(d.Name, d.DescriptionText, d.LocationList, [.. d.Arguments.Select(a => CreateInputValue(a, $"@{d.Name}({a.Name}:)"))], d.IsRepeatable, d.DeprecationReason));
            }

            ObjectType? Root(string? explicitName, string defaultName, bool required)
            {
                string name = explicitName ?? defaultName;
                var t = _types.GetValueOrDefault(name);
                if (t is null)
                {
                    if (explicitName is not null || required) { _errors.Add(required && explicitName is null ? "Query root type must be provided." : $"Unknown root type \"{name}\"."); }
                    return null;
                }
                if (t is not ObjectType o)
                {
                    _errors.Add($"Root type {name} must be an Object type.");
                    return null;
                }
                return o;
            }

            var query = Root(builder._queryTypeName, "Query", true);
            var mutation = Root(builder._mutationTypeName, "Mutation", false);
            var subscription = Root(builder._subscriptionTypeName, "Subscription", false);

            // Order: user types in definition order, then referenced built-in scalars, then introspection types.
            var userNames = builder._types.Select(t => t.Name).ToList();
            foreach (var name in userNames) { _ordered.Add(_types[name]); }
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in _ordered) { CollectReferences(t, referenced); }
            foreach (var d in directives) { foreach (var a in d.Arguments) { referenced.Add(a.Type.GetNamedType().Name); } }
            referenced.Add("String");
            referenced.Add("Boolean");
            foreach (var scalar in new[] { ScalarType.Int, ScalarType.Float, ScalarType.String, ScalarType.Boolean, ScalarType.ID })
            {
                if (referenced.Contains(scalar.Name) && !userNames.Contains(scalar.Name)) { _ordered.Add(_types[scalar.Name]); }
            }
            foreach (var config in introspectionBuilder._types) { _ordered.Add(_types[config.Name]); }

            if (query is not null) { SchemaValidator.Validate(_ordered, directives, _errors); }
            if (_errors.Count > 0)
            {
                throw new SchemaException("Invalid schema:\n" + string.Join("\n", _errors.Distinct()));
            }

            return new Schema(builder._description, query!, mutation, subscription, _ordered, directives);
        }

        private static ScalarType? BuiltInScalar(string name) => name switch
        {
            "Int" => ScalarType.Int,
            "Float" => ScalarType.Float,
            "String" => ScalarType.String,
            "Boolean" => ScalarType.Boolean,
            "ID" => ScalarType.ID,
            _ => null,
        };

        private static void CollectReferences(NamedType type, HashSet<string> names)
        {
            switch (type)
            {
                case ComplexType c:
                    foreach (var f in c.Fields)
                    {
                        names.Add(f.Type.GetNamedType().Name);
                        foreach (var a in f.Arguments) { names.Add(a.Type.GetNamedType().Name); }
                    }
                    break;
                case InputObjectType io:
                    foreach (var f in io.Fields) { names.Add(f.Type.GetNamedType().Name); }
                    break;
            }
        }

        private InputValueDefinition CreateInputValue(InputValueBuilder builderValue, string coordinate)
        {
            var type = ResolveTypeRef(builderValue.TypeRef, coordinate) ?? ScalarType.String;
            Func<object?>? factory = null;
            if (builderValue.DefaultLiteral is { } literal)
            {
                factory = () =>
                {
                    var value = ValueHelpers.ValueFromAst(literal, type, null);
                    if (value is Undefined)
                    {
                        throw new SchemaException($"Default value {Printing.AstPrinter.Print(literal)} of {coordinate} is not a valid {type}.");
                    }
                    return value;
                };
            }
            return new InputValueDefinition(builderValue.Name, builderValue.DescriptionText, type, factory, builderValue.DeprecationReason);
        }

        private GraphQLType? ResolveTypeRef(TypeNode node, string coordinate)
        {
            switch (node)
            {
                case NonNullTypeNode nn:
                    var inner = ResolveTypeRef(nn.Type, coordinate);
                    return inner is null ? null : new NonNullType(inner);
                case ListTypeNode list:
                    var item = ResolveTypeRef(list.Type, coordinate);
                    return item is null ? null : new ListType(item);
                case NamedTypeNode named:
                    if (_types.TryGetValue(named.Name.Value, out var t)) { return t; }
                    _errors.Add($"Unknown type \"{named.Name.Value}\" referenced by {coordinate}.");
                    return null;
                default:
                    return null;
            }
        }
    }
}

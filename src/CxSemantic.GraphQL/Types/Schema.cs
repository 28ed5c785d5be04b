using CxSemantic.GraphQL.Introspection;
using CxSemantic.GraphQL.Printing;

namespace CxSemantic.GraphQL.Types;

/// <summary>An immutable, validated GraphQL schema. Create one with <see cref="SchemaBuilder"/>.</summary>
public sealed class Schema
{
    private readonly Dictionary<string, NamedType> _typeMap;
    private readonly Dictionary<string, DirectiveDefinition> _directiveMap;
    private readonly Dictionary<string, List<ObjectType>> _possibleTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _subTypes = new(StringComparer.Ordinal);

    internal Schema(string? description, ObjectType query, ObjectType? mutation, ObjectType? subscription, IReadOnlyList<NamedType> types, IReadOnlyList<DirectiveDefinition> directives)
    {
        Description = description;
        QueryType = query;
        MutationType = mutation;
        SubscriptionType = subscription;
        Types = types;
        Directives = directives;
        _typeMap = types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _directiveMap = directives.ToDictionary(d => d.Name, StringComparer.Ordinal);
        foreach (var type in types)
        {
            switch (type)
            {
                case UnionType union:
                    _possibleTypes[union.Name] = [.. union.Types];
                    _subTypes[union.Name] = [.. union.Types.Select(t => t.Name)];
                    break;
                case ComplexType complex:
                    foreach (var iface in complex.Interfaces)
                    {
                        if (!_subTypes.TryGetValue(iface.Name, out var subs)) { _subTypes[iface.Name] = subs = new(StringComparer.Ordinal); }
                        subs.Add(complex.Name);
                        if (complex is ObjectType obj)
                        {
                            if (!_possibleTypes.TryGetValue(iface.Name, out var list)) { _possibleTypes[iface.Name] = list = []; }
                            list.Add(obj);
                        }
                    }
                    break;
            }
        }

        SchemaField = IntrospectionSchema.CreateSchemaField(this);
        TypeField = IntrospectionSchema.CreateTypeField(this);
        TypeNameField = IntrospectionSchema.CreateTypeNameField(this);
    }

    /// <summary>The schema description.</summary>
    public string? Description { get; }
    /// <summary>The query root type.</summary>
    public ObjectType QueryType { get; }
    /// <summary>The mutation root type, if any.</summary>
    public ObjectType? MutationType { get; }
    /// <summary>The subscription root type, if any.</summary>
    public ObjectType? SubscriptionType { get; }
    /// <summary>All named types, user types first, then built-in scalars and introspection types.</summary>
    public IReadOnlyList<NamedType> Types { get; }
    /// <summary>All directives, including the specified ones.</summary>
    public IReadOnlyList<DirectiveDefinition> Directives { get; }

    internal FieldDefinition SchemaField { get; }
    internal FieldDefinition TypeField { get; }
    internal FieldDefinition TypeNameField { get; }

    /// <summary>Finds a named type.</summary>
    public NamedType? GetType(string name) => _typeMap.GetValueOrDefault(name);

    /// <summary>Finds a directive.</summary>
    public DirectiveDefinition? GetDirective(string name) => _directiveMap.GetValueOrDefault(name);

    /// <summary>The root type for an operation kind.</summary>
    public ObjectType? GetRootType(Language.OperationType operation) => operation switch
    {
        Language.OperationType.Query => QueryType,
        Language.OperationType.Mutation => MutationType,
        _ => SubscriptionType,
    };

    /// <summary>The object types that may be the runtime type of an abstract type.</summary>
    public IReadOnlyList<ObjectType> GetPossibleTypes(NamedType abstractType)
    {
        ArgumentNullException.ThrowIfNull(abstractType);
        return abstractType switch
        {
            ObjectType o => [o],
            _ => _possibleTypes.TryGetValue(abstractType.Name, out var list) ? list : [],
        };
    }

    /// <summary>Whether <paramref name="maybeSubType"/> is a member/implementation of <paramref name="abstractType"/>.</summary>
    public bool IsSubType(NamedType abstractType, NamedType maybeSubType)
    {
        ArgumentNullException.ThrowIfNull(abstractType);
        ArgumentNullException.ThrowIfNull(maybeSubType);
        return _subTypes.TryGetValue(abstractType.Name, out var set) && set.Contains(maybeSubType.Name);
    }

    /// <summary>Whether two composite types can have a runtime type in common.</summary>
    public bool DoTypesOverlap(NamedType a, NamedType b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b)) { return true; }
        if (a.IsAbstract)
        {
            if (b.IsAbstract)
            {
                return GetPossibleTypes(a).Any(t => IsSubType(b, t));
            }
            return IsSubType(a, b);
        }
        return b.IsAbstract && IsSubType(b, a);
    }

    /// <summary>Whether a value of <paramref name="maybeSubType"/> may be used where <paramref name="superType"/> is expected.</summary>
    public bool IsTypeSubTypeOf(GraphQLType maybeSubType, GraphQLType superType)
    {
        ArgumentNullException.ThrowIfNull(maybeSubType);
        ArgumentNullException.ThrowIfNull(superType);
        if (GraphQLType.AreEqual(maybeSubType, superType)) { return true; }
        if (superType is NonNullType superNonNull)
        {
            return maybeSubType is NonNullType subNonNull && IsTypeSubTypeOf(subNonNull.OfType, superNonNull.OfType);
        }
        if (maybeSubType is NonNullType nn) { return IsTypeSubTypeOf(nn.OfType, superType); }
        if (superType is ListType superList)
        {
            return maybeSubType is ListType subList && IsTypeSubTypeOf(subList.OfType, superList.OfType);
        }
        if (maybeSubType is ListType) { return false; }
        return superType.IsAbstract && maybeSubType is ComplexType && IsSubType((NamedType)superType, (NamedType)maybeSubType);
    }

    /// <summary>Prints the schema as SDL (same format as graphql-js <c>printSchema</c>).</summary>
    public string ToSdl() => SchemaPrinter.Print(this);

    /// <summary>Builds a schema from SDL with default resolvers.</summary>
    public static Schema FromSdl(string sdl) => new SchemaBuilder().AddTypeDefinitions(sdl).Build();
}

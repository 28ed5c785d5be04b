using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Resolves the value of a field.</summary>
public delegate ValueTask<object?> FieldResolver(ResolverContext context);

/// <summary>Everything a resolver knows about the field being resolved.</summary>
public sealed class ResolverContext
{
    private readonly ImmutablePath _path;

    internal ResolverContext(ExecutionContext execution, object? source, ObjectType parentType, FieldDefinition field, IReadOnlyList<FieldNode> fieldNodes, IReadOnlyDictionary<string, object?> arguments, ImmutablePath path)
    {
        Execution = execution;
        Source = source;
        ParentType = parentType;
        Field = field;
        FieldNodes = fieldNodes;
        Arguments = arguments;
        _path = path;
    }

    internal ExecutionContext Execution { get; }

    /// <summary>The parent value (the object this field belongs to).</summary>
    public object? Source { get; }
    /// <summary>The object type that owns the field.</summary>
    public ObjectType ParentType { get; }
    /// <summary>The field definition.</summary>
    public FieldDefinition Field { get; }
    /// <summary>The field name.</summary>
    public string FieldName => Field.Name;
    /// <summary>The response key (alias or name).</summary>
    public string ResponseKey => FieldNodes[0].ResponseKey;
    /// <summary>All field nodes merged into this field.</summary>
    public IReadOnlyList<FieldNode> FieldNodes { get; }
    /// <summary>The coerced arguments.</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }
    /// <summary>The response path of this field.</summary>
    public IReadOnlyList<object> Path => ImmutablePath.ToList(_path);
    /// <summary>The schema.</summary>
    public Schema Schema => Execution.Schema;
    /// <summary>The executed operation.</summary>
    public OperationDefinitionNode Operation => Execution.Operation;
    /// <summary>The coerced variable values.</summary>
    public IReadOnlyDictionary<string, object?> Variables => Execution.Variables;
    /// <summary>
    /// Per-request user data (e.g. the ClaimsPrincipal), shared by all resolvers of the request. Root query fields run
    /// concurrently, so treat it as read-only during execution (or supply a thread-safe dictionary).
    /// </summary>
    public IDictionary<string, object?> ContextData => Execution.ContextData;
    /// <summary>The root value passed to the request.</summary>
    public object? RootValue => Execution.RootValue;
    /// <summary>Services for the request, if provided.</summary>
    public IServiceProvider? Services => Execution.Services;
    /// <summary>Cancelled when the request is aborted.</summary>
    public CancellationToken CancellationToken => Execution.CancellationToken;

    /// <summary>
    /// Gets an argument converted to <typeparamref name="T"/> (default when absent or null). Enum names convert to CLR enums
    /// (case-insensitive), numbers convert between numeric types.
    /// </summary>
    public T? GetArgument<T>(string name)
    {
        if (!Arguments.TryGetValue(name, out var value) || value is null) { return default; }
        if (value is T typed) { return typed; }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum && value is string enumName) { return (T)Enum.Parse(target, enumName, ignoreCase: true); }
        return (T?)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Look-ahead: the fields selected on this field's result when it is of <paramref name="type"/> (default: the field's
    /// named type, if it is an object type), with fragments expanded and @skip/@include applied, collected as execution
    /// will collect them; go deeper with <see cref="SelectionLookAhead.Select(string)"/>, e.g. <c>LookAhead().Select("rows")</c>.
    /// Empty when the field's named type is a leaf or abstract type and no <paramref name="type"/> is given.
    /// </summary>
    public SelectionLookAhead LookAhead(ObjectType? type = null)
    {
        type ??= Field.Type.GetNamedType() as ObjectType;
        return type is null ? SelectionLookAhead.Empty : new SelectionLookAhead(Execution.FieldCollector, type, Execution.CollectSubfields(type, FieldNodes));
    }

    /// <summary>
    /// Look-ahead over the whole operation: the root fields of the operation (on this field's parent type, the root type
    /// for root fields), collected as execution collects them. Lets a resolver weigh every field of the request before
    /// any of them runs, e.g. to enforce a cost limit over all aliases of a field.
    /// </summary>
    public SelectionLookAhead OperationLookAhead() =>
        new(Execution.FieldCollector, ParentType, Execution.FieldCollector.CollectFields(ParentType, Operation.SelectionSet));

    /// <summary>
    /// The arguments of a field selected in a look-ahead, coerced with the request's variables exactly as execution will
    /// coerce them (defaults applied).
    /// </summary>
    /// <exception cref="GraphQLException">An argument value cannot be coerced (the field will fail with the same error when it runs).</exception>
    public IReadOnlyDictionary<string, object?> ArgumentsOf(SelectedField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Definition is null ? VariableCoercion.EmptyArguments : Execution.ArgumentsOf(field.Definition, field.Nodes[0]);
    }

    /// <summary>
    /// The first field node of every field selected on this field's result (see <see cref="LookAhead"/>), one per
    /// response key, in selection order.
    /// </summary>
    public IReadOnlyList<FieldNode> GetSelectedFields(ObjectType? type = null) => [.. LookAhead(type).Fields.Select(f => f.Nodes[0])];

    /// <summary>Gets a per-request user data entry of type <typeparamref name="T"/> (default when absent or of another type).</summary>
    public T? GetContextData<T>(string key) => ContextData.TryGetValue(key, out var value) && value is T typed ? typed : default;

    /// <summary>Whether an argument was provided (explicitly or via its default).</summary>
    public bool HasArgument(string name) => Arguments.ContainsKey(name);
}

using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>State of one operation execution (spec section 6.3–6.4, graphql-js execute).</summary>
internal sealed class ExecutionContext
{
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> s_propertyReaders = new();
    private readonly List<GraphQLError> _errors = [];
    private readonly ConcurrentDictionary<(ObjectType, IReadOnlyList<FieldNode>), Dictionary<string, List<FieldNode>>> _subfieldCache = new();
    private readonly ConcurrentDictionary<(ObjectType, IReadOnlyList<FieldNode>), CollectedField[]> _planCache = new();
    private readonly ConcurrentDictionary<(FieldDefinition, FieldNode), IReadOnlyDictionary<string, object?>> _argumentCache = new();
    private readonly ExecutionOptions _options;

    public ExecutionContext(Schema schema, DocumentNode document, OperationDefinitionNode operation, Dictionary<string, object?> variables, ExecutionOptions options, CancellationToken cancellationToken)
    {
        Schema = schema;
        Document = document;
        Operation = operation;
        Variables = variables;
        _options = options;
        CancellationToken = cancellationToken;
        ContextData = options.ContextData ?? new Dictionary<string, object?>();
        RootValue = options.RootValue;
        Services = options.Services;
        FieldCollector = new FieldCollector(schema, document, variables);
    }

    public Schema Schema { get; }
    public DocumentNode Document { get; }
    public OperationDefinitionNode Operation { get; }
    public IReadOnlyDictionary<string, object?> Variables { get; }
    public IDictionary<string, object?> ContextData { get; }
    public object? RootValue { get; }
    public IServiceProvider? Services { get; }
    public CancellationToken CancellationToken { get; }

    /// <summary>Field collection with this operation's fragments and variables (also used by the resolvers' look-ahead).</summary>
    public FieldCollector FieldCollector { get; }

    public async Task<ExecutionResult> ExecuteOperationAsync(ObjectType rootType)
    {
        Dictionary<string, List<FieldNode>> fields;
        try
        {
            fields = FieldCollector.CollectFields(rootType, Operation.SelectionSet);
        }
        catch (GraphQLException ex)
        {
            // Only reachable for unvalidated documents, e.g. @skip(if: $missing).
            var locations = ex.Nodes is null ? [] : ex.Nodes.Select(n => n.Location).ToList();
            return new ExecutionResult(true, null, [new GraphQLError(ex.Message, locations, extensions: Executor.Code(ex.Code ?? ErrorCodes.BadUserInput))]);
        }

        ResultDictionary? data;
        try
        {
            data = Operation.Operation == OperationType.Mutation || !_options.ParallelRootFields
                ? await ExecuteFieldsAsync(rootType, RootValue, null, Plan(rootType, fields)).ConfigureAwait(false)
                : await ExecuteFieldsInParallelAsync(rootType, RootValue, fields).ConfigureAwait(false);
        }
        catch (FieldErrorException ex)
        {
            AddError(ex.Error);
            data = null;
        }
        List<GraphQLError> errors;
        lock (_errors) { errors = [.. _errors]; }
        return new ExecutionResult(true, data, errors);
    }

    private void AddError(GraphQLError error)
    {
        lock (_errors) { _errors.Add(error); }
    }

    // ---- field execution (spec 6.4) ----------------------------------------

    private CollectedField[] Plan(ObjectType type, Dictionary<string, List<FieldNode>> fields)
    {
        var plan = new List<CollectedField>(fields.Count);
        foreach (var (key, nodes) in fields)
        {
            var definition = GetFieldDefinition(type, nodes[0].Name.Value);
            if (definition is not null) { plan.Add(new CollectedField(key, nodes, definition)); }
        }
        return [.. plan];
    }

    private async ValueTask<ResultDictionary> ExecuteFieldsAsync(ObjectType type, object? source, ImmutablePath? path, CollectedField[] fields)
    {
        var result = new ResultDictionary(fields.Length);
        for (int i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.IsPlainLeaf && TryCompletePlainLeaf(field.Definition, source, out var leaf))
            {
                result.Add(field.ResponseKey, leaf);
                continue;
            }
            var pending = ExecuteFieldAsync(type, source, field.Nodes, field.Definition, new ImmutablePath(path, field.ResponseKey));
            result.Add(field.ResponseKey, pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false));
        }
        return result;
    }

    private async Task<ResultDictionary> ExecuteFieldsInParallelAsync(ObjectType type, object? source, Dictionary<string, List<FieldNode>> fields)
    {
        var keys = new List<string>(fields.Count);
        var pending = new List<Task<object?>>(fields.Count);
        foreach (var (key, nodes) in fields)
        {
            var definition = GetFieldDefinition(type, nodes[0].Name.Value);
            if (definition is null) { continue; }
            keys.Add(key);
            pending.Add(ExecuteFieldAsync(type, source, nodes, definition, new ImmutablePath(null, key)).AsTask());
        }

        var result = new ResultDictionary(keys.Count);
        FieldErrorException? propagated = null;
        for (int i = 0; i < pending.Count; i++)
        {
            try
            {
                result.Add(keys[i], await pending[i].ConfigureAwait(false));
            }
            catch (FieldErrorException ex)
            {
                propagated ??= ex;
            }
        }
        if (propagated is not null) { throw propagated; }
        return result;
    }

    /// <summary>
    /// Fast path for the most common field: a scalar or enum read from the parent by the default resolver. Anything
    /// unusual (null for a non-null field, a JsonElement, a coercion failure) returns false and takes the full path,
    /// which produces the proper error with path and locations.
    /// </summary>
    private static bool TryCompletePlainLeaf(FieldDefinition definition, object? source, out object? value)
    {
        value = null;
        try
        {
            var raw = DefaultResolve(source, definition.Name);
            if (raw is null) { return definition.Type is not NonNullType; }
            if (raw is JsonElement or Exception) { return false; }
            value = definition.Type.Nullable is ScalarType scalar ? scalar.Serialize(raw) : ValueHelpers.SerializeEnum((EnumType)definition.Type.Nullable, raw);
            return value is not null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    private FieldDefinition? GetFieldDefinition(ObjectType type, string name)
    {
        if (name.Length > 2 && name[0] == '_' && name[1] == '_')
        {
            if (name == "__typename") { return Schema.TypeNameField; }
            if (ReferenceEquals(type, Schema.QueryType))
            {
                if (name == "__schema") { return Schema.SchemaField; }
                if (name == "__type") { return Schema.TypeField; }
            }
        }
        return type.GetField(name);
    }

    private async ValueTask<object?> ExecuteFieldAsync(ObjectType parentType, object? source, List<FieldNode> nodes, FieldDefinition definition, ImmutablePath path)
    {
        try
        {
            CancellationToken.ThrowIfCancellationRequested();
            var fieldNode = nodes[0];
            var arguments = ArgumentsOf(definition, fieldNode);
            object? resolved;
            ResolverContext? context = null;
            if (definition.Resolver is null)
            {
                resolved = DefaultResolve(source, definition.Name);
            }
            else
            {
                context = new ResolverContext(this, source, parentType, definition, nodes, arguments, path);
                var pending = definition.Resolver(context);
                resolved = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            }

            var completed = CompleteValueAsync(definition.Type, nodes, new FieldCall(parentType, definition, source, arguments, context), path, resolved);
            return completed.IsCompletedSuccessfully ? completed.Result : await completed.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return HandleFieldError(ex, definition.Type, nodes, path);
        }
    }

    private object? HandleFieldError(Exception exception, GraphQLType type, IReadOnlyList<FieldNode> nodes, ImmutablePath path)
    {
        var error = exception is FieldErrorException located ? located.Error : LocateError(exception, nodes, path);
        if (type is NonNullType)
        {
            throw exception as FieldErrorException ?? new FieldErrorException(error);
        }
        AddError(error);
        return null;
    }

    private GraphQLError LocateError(Exception exception, IReadOnlyList<FieldNode> nodes, ImmutablePath path)
    {
        IReadOnlyList<Location> locations = exception is GraphQLException { Nodes: { } errorNodes }
            ? [.. errorNodes.Select(n => n.Location)]
            : [.. nodes.Select(n => n.Location)];
        string message;
        IReadOnlyDictionary<string, object?>? extensions = null;
        if (exception is GraphQLException gql)
        {
            message = gql.Message;
            if (gql.Code is not null || gql.Extensions is not null)
            {
                var ext = gql.Extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(gql.Extensions);
                if (gql.Code is not null) { ext["code"] = gql.Code; }
                extensions = ext;
            }
        }
        else
        {
            message = _options.ExposeExceptionMessages ? exception.Message : ExecutionMessages.UnexpectedError;
            extensions = Executor.Code(ErrorCodes.InternalServerError);
            if (_options.OnUnexpectedError?.Invoke(new UnexpectedError(exception, ImmutablePath.ToList(path))) is { Count: > 0 } added)
            {
                var ext = new Dictionary<string, object?>(extensions);
                foreach (var (key, value) in added)
                {
                    ext[key] = value;
                }

                extensions = ext;
            }
        }
        return new GraphQLError(message, locations, ImmutablePath.ToList(path), extensions);
    }

    private async ValueTask<object?> CompleteValueAsync(GraphQLType type, List<FieldNode> nodes, FieldCall context, ImmutablePath path, object? result)
    {
        if (result is Exception exception)
        {
            throw exception;
        }

        if (type is NonNullType nonNull)
        {
            var pending = CompleteValueAsync(nonNull.OfType, nodes, context, path, result);
            var completed = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            return completed ?? throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.NonNullFieldIsNull, context.ParentType.Name, context.Field.Name));
        }

        if (result is null || (result is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }))
        {
            return null;
        }

        switch (type)
        {
            case ListType list:
                return await CompleteListAsync(list, nodes, context, path, result).ConfigureAwait(false);
            case ScalarType scalar:
            {
                var serialized = scalar.Serialize(result is JsonElement je ? Serialization.JsonValues.ToPlain(je) : result);
                return serialized ?? throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.SerializedNull, scalar.Name, ValueHelpers.Inspect(result)));
            }
            case EnumType enumType:
                return ValueHelpers.SerializeEnum(enumType, result is JsonElement ej ? ej.GetString() : result);
            case ObjectType objectType:
                return await CompleteObjectAsync(objectType, nodes, path, result).ConfigureAwait(false);
            default:
            {
                var runtimeType = ResolveRuntimeType((NamedType)type, result, context.Context ?? new ResolverContext(this, context.Source, context.ParentType, context.Field, nodes, context.Arguments, path));
                return await CompleteObjectAsync(runtimeType, nodes, path, result).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<object?> CompleteListAsync(ListType list, List<FieldNode> nodes, FieldCall context, ImmutablePath path, object result)
    {
        IEnumerable items;
        if (result is JsonElement { ValueKind: JsonValueKind.Array } array)
        {
            items = array.EnumerateArray().Select(e => (object?)e);
        }
        else if (result is IEnumerable enumerable and not string and not IDictionary)
        {
            items = enumerable;
        }
        else
        {
            throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.ExpectedIterable, context.ParentType.Name, context.Field.Name));
        }

        var completed = result is ICollection collection ? new List<object?>(collection.Count) : [];
        int index = 0;
        foreach (var item in items)
        {
            var itemPath = new ImmutablePath(path, index++);
            try
            {
                var pending = CompleteValueAsync(list.OfType, nodes, context, itemPath, item);
                completed.Add(pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                completed.Add(HandleFieldError(ex, list.OfType, nodes, itemPath));
            }
        }
        return completed;
    }

    private ObjectType ResolveRuntimeType(NamedType abstractType, object? value, ResolverContext context)
    {
        TypeResolver? resolver = abstractType switch
        {
            InterfaceType i => i.ResolveType,
            UnionType u => u.ResolveType,
            _ => null,
        };
        string? typeName = resolver is not null ? resolver(value, context) : DefaultResolveType(abstractType, value);
        if (typeName is null)
        {
            throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.AbstractTypeUnresolved, abstractType.Name, context.ParentType.Name, context.Field.Name));
        }
        var runtimeType = Schema.GetType(typeName);
        if (runtimeType is null)
        {
            throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.AbstractTypeUnknown, abstractType.Name, typeName));
        }
        if (runtimeType is not ObjectType objectType)
        {
            throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.AbstractTypeNotObject, abstractType.Name, typeName));
        }
        if (!Schema.IsSubType(abstractType, objectType))
        {
            throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.NotPossibleType, objectType.Name, abstractType.Name));
        }
        return objectType;
    }

    private string? DefaultResolveType(NamedType abstractType, object? value)
    {
        var typename = DefaultResolve(value, "__typename");
        if (typename is JsonElement { ValueKind: JsonValueKind.String } je) { return je.GetString(); }
        if (typename is string s) { return s; }
        foreach (var possible in Schema.GetPossibleTypes(abstractType))
        {
            if (possible.IsTypeOf is not null && possible.IsTypeOf(value)) { return possible.Name; }
        }
        if (value is not null)
        {
            string clrName = value.GetType().Name;
            if (Schema.GetPossibleTypes(abstractType).Any(p => p.Name == clrName)) { return clrName; }
        }
        return null;
    }

    private async ValueTask<object?> CompleteObjectAsync(ObjectType type, IReadOnlyList<FieldNode> nodes, ImmutablePath path, object result)
    {
        if (type.IsTypeOf is not null && !type.IsTypeOf(result))
        {
            throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.IsTypeOfMismatch, type.Name, ValueHelpers.Inspect(result)));
        }

        var plan = _planCache.GetOrAdd((type, nodes), static (key, self) => self.Plan(key.Item1, self.CollectSubfields(key.Item1, key.Item2)), this);
        return await ExecuteFieldsAsync(type, result, path, plan).ConfigureAwait(false);
    }

    /// <summary>The coerced arguments of a field node (cached: execution coerces each field node's arguments once).</summary>
    internal IReadOnlyDictionary<string, object?> ArgumentsOf(FieldDefinition definition, FieldNode node) =>
        definition.Arguments.Count == 0
            ? VariableCoercion.EmptyArguments
            : _argumentCache.GetOrAdd((definition, node), static (key, vars) => VariableCoercion.CoerceArgumentValues(key.Item1.Arguments, key.Item2.Arguments, key.Item2, vars), Variables);

    /// <summary>The subfields of merged field nodes on <paramref name="type"/>, cached per (type, nodes) for the whole operation.</summary>
    internal Dictionary<string, List<FieldNode>> CollectSubfields(ObjectType type, IReadOnlyList<FieldNode> nodes) =>
        _subfieldCache.GetOrAdd((type, nodes), static (key, collector) => collector.CollectSubfields(key.Item1, key.Item2), FieldCollector);

    /// <summary>graphql-js defaultFieldResolver: a dictionary entry, JSON property or public property of the source.</summary>
    internal static object? DefaultResolve(object? source, string name)
    {
        switch (source)
        {
            case null:
                return null;
            case IReadOnlyDictionary<string, object?> readOnly:
                return readOnly.TryGetValue(name, out var v1) ? v1 : null;
            case IDictionary<string, object?> dict:
                return dict.TryGetValue(name, out var v2) ? v2 : null;
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                return element.TryGetProperty(name, out var property) ? property : null;
            default:
                var reader = s_propertyReaders.GetOrAdd((source.GetType(), name), static key =>
                {
                    var property = key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                    if (property is null || property.GetIndexParameters().Length > 0) { return null; }
                    return o => property.GetValue(o);
                });
                return reader?.Invoke(source);
        }
    }
}

/// <summary>What CompleteValue needs to know about the field being completed; the resolver context is created only when needed.</summary>
internal readonly record struct FieldCall(ObjectType ParentType, FieldDefinition Field, object? Source, IReadOnlyDictionary<string, object?> Arguments, ResolverContext? Context);

/// <summary>Carries a located field error up to the nearest nullable parent (null propagation).</summary>
internal sealed class FieldErrorException : Exception
{
    public FieldErrorException(GraphQLError error) : base(error.Message) => Error = error;
    public FieldErrorException() : base() => Error = new GraphQLError(string.Empty);
    public FieldErrorException(string message) : base(message) => Error = new GraphQLError(message);
    public FieldErrorException(string message, Exception inner) : base(message, inner) => Error = new GraphQLError(message);
    public GraphQLError Error { get; }
}

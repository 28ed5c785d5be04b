using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>CoerceVariableValues and CoerceArgumentValues (spec sections 6.1.2 and 6.4.1).</summary>
internal static class VariableCoercion
{
    public static GraphQLType? TypeFromAst(Schema schema, TypeNode node) => node switch
    {
        NonNullTypeNode nn => TypeFromAst(schema, nn.Type) is { } t ? new NonNullType(t) : null,
        ListTypeNode l => TypeFromAst(schema, l.Type) is { } t ? new ListType(t) : null,
        NamedTypeNode n => schema.GetType(n.Name.Value),
        _ => null,
    };

    public static Dictionary<string, object?> CoerceVariableValues(Schema schema, OperationDefinitionNode operation, IReadOnlyDictionary<string, object?>? inputs, List<GraphQLError> errors)
    {
        var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (int iDefinition = 0; iDefinition < operation.VariableDefinitions.Count; iDefinition++)
        {
            var definition = operation.VariableDefinitions[iDefinition];
            string name = definition.Variable.Name.Value;
            var type = TypeFromAst(schema, definition.Type);
            if (type is null || !type.IsInputType)
            {
                errors.Add(Error(ExecutionMessages.Format(ExecutionMessages.VariableNotInputType, name, AstPrinter.Print(definition.Type)), definition.Type.Location));
                continue;
            }

            if (inputs is null || !inputs.TryGetValue(name, out var value))
            {
                if (definition.DefaultValue is not null)
                {
                    coerced[name] = ValueHelpers.ValueFromAst(definition.DefaultValue, type, null);
                }
                else if (type is NonNullType)
                {
                    errors.Add(Error(ExecutionMessages.Format(ExecutionMessages.VariableRequired, name, type), definition.Location));
                }
                continue;
            }

            if (value is null && type is NonNullType)
            {
                errors.Add(Error(ExecutionMessages.Format(ExecutionMessages.VariableNull, name, type), definition.Location));
                continue;
            }

            coerced[name] = ValueHelpers.CoerceInputValue(value, type, (path, invalid, message) =>
            {
                string at = path.Count > 0 ? $" at \"{name}{string.Concat(path.Select(p => p is int i ? $"[{i}]" : "." + p))}\"" : string.Empty;
                errors.Add(Error(ExecutionMessages.Format(ExecutionMessages.VariableInvalid, name, ValueHelpers.Inspect(invalid), at, message), definition.Location));
            });
        }
        return coerced;
    }

    private static GraphQLError Error(string message, Location location)
        => new(message, [location], extensions: Executor.Code(ErrorCodes.BadUserInput));

    /// <summary>Coerces the arguments of a field or directive; throws <see cref="GraphQLException"/> on invalid input.</summary>
    public static IReadOnlyDictionary<string, object?> CoerceArgumentValues(IReadOnlyList<InputValueDefinition> definitions, IReadOnlyList<ArgumentNode> arguments, SyntaxNode node, IReadOnlyDictionary<string, object?> variables)
    {
        if (definitions.Count == 0) { return EmptyArguments; }
        var coerced = new Dictionary<string, object?>(definitions.Count, StringComparer.Ordinal);
        for (int iDefinition = 0; iDefinition < definitions.Count; iDefinition++)
        {
            var definition = definitions[iDefinition];
            string name = definition.Name;
            var type = definition.Type;
            ArgumentNode? argument = null;
            for (int iA = 0; iA < arguments.Count; iA++)
            {
                var a = arguments[iA];
                if (a.Name.Value == name) { argument = a; break; }
            }

            if (argument is null)
            {
                if (definition.HasDefaultValue) { coerced[name] = definition.DefaultValue; }
                else if (type is NonNullType)
                {
                    throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.ArgumentRequired, name, type), node) { Code = ErrorCodes.BadUserInput };
                }
                continue;
            }

            var valueNode = argument.Value;
            bool isNull = valueNode is NullValueNode;
            if (valueNode is VariableNode variable)
            {
                if (!variables.TryGetValue(variable.Name.Value, out var variableValue))
                {
                    if (definition.HasDefaultValue) { coerced[name] = definition.DefaultValue; }
                    else if (type is NonNullType)
                    {
                        throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.ArgumentVariableMissing, name, type, variable.Name.Value), valueNode) { Code = ErrorCodes.BadUserInput };
                    }
                    continue;
                }
                isNull = variableValue is null;
            }

            if (isNull && type is NonNullType)
            {
                throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.ArgumentNull, name, type), valueNode) { Code = ErrorCodes.BadUserInput };
            }

            var value = ValueHelpers.ValueFromAst(valueNode, type, variables);
            if (value is Undefined)
            {
                throw new GraphQLException(ExecutionMessages.Format(ExecutionMessages.ArgumentInvalid, name, AstPrinter.Print(valueNode)), valueNode) { Code = ErrorCodes.BadUserInput };
            }
            coerced[name] = value;
        }
        return coerced;
    }

    public static readonly IReadOnlyDictionary<string, object?> EmptyArguments = new Dictionary<string, object?>();
}

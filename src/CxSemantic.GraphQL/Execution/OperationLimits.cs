using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>Static analysis of an operation's depth, field count, aliases and complexity (fragments expanded, memoized).</summary>
internal static class OperationLimits
{
    private readonly record struct Stats(int Depth, long Fields, long Aliases, long Complexity)
    {
        public static Stats Combine(Stats a, Stats b) => new(Math.Max(a.Depth, b.Depth), a.Fields + b.Fields, a.Aliases + b.Aliases, a.Complexity + b.Complexity);
    }

    public static GraphQLError? Check(DocumentNode document, OperationDefinitionNode operation, Schema schema, ExecutionOptions options)
    {
        if (options.MaxDepth is null && options.MaxFieldCount is null && options.MaxAliases is null && options.MaxComplexity is null)
        {
            return null;
        }

        var fragments = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        foreach (var d in document.Definitions)
        {
            if (d is FragmentDefinitionNode f) { fragments.TryAdd(f.Name.Value, f); }
        }
        var memo = new Dictionary<string, Stats>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var stats = Measure(operation.SelectionSet, schema.GetRootType(operation.Operation), schema, fragments, memo, visiting);
        var location = new[] { operation.Location };

        if (options.MaxDepth is int maxDepth && stats.Depth > maxDepth)
        {
            return new GraphQLError(ExecutionMessages.Format(ExecutionMessages.MaxDepth, stats.Depth, maxDepth), location, extensions: Executor.Code(ErrorCodes.MaxDepthExceeded));
        }
        if (options.MaxFieldCount is int maxFields && stats.Fields > maxFields)
        {
            return new GraphQLError(ExecutionMessages.Format(ExecutionMessages.MaxFields, stats.Fields, maxFields), location, extensions: Executor.Code(ErrorCodes.MaxFieldsExceeded));
        }
        if (options.MaxAliases is int maxAliases && stats.Aliases > maxAliases)
        {
            return new GraphQLError(ExecutionMessages.Format(ExecutionMessages.MaxAliases, stats.Aliases, maxAliases), location, extensions: Executor.Code(ErrorCodes.MaxAliasesExceeded));
        }
        if (options.MaxComplexity is int maxComplexity && stats.Complexity > maxComplexity)
        {
            return new GraphQLError(ExecutionMessages.Format(ExecutionMessages.MaxComplexity, stats.Complexity, maxComplexity), location, extensions: Executor.Code(ErrorCodes.MaxComplexityExceeded));
        }
        return null;
    }

    private static Stats Measure(SelectionSetNode selectionSet, NamedType? parentType, Schema schema, Dictionary<string, FragmentDefinitionNode> fragments, Dictionary<string, Stats> memo, HashSet<string> visiting)
    {
        var total = new Stats(0, 0, 0, 0);
        foreach (var selection in selectionSet.Selections)
        {
            Stats s;
            switch (selection)
            {
                case FieldNode field:
                {
                    var definition = (parentType as ComplexType)?.GetField(field.Name.Value);
                    var child = field.SelectionSet is null
                        ? new Stats(0, 0, 0, 0)
                        : Measure(field.SelectionSet, definition?.Type.GetNamedType(), schema, fragments, memo, visiting);
                    s = new Stats(child.Depth + 1, child.Fields + 1, child.Aliases + (field.Alias is null ? 0 : 1), child.Complexity + (definition?.Cost ?? 1));
                    break;
                }
                case InlineFragmentNode inline:
                    s = Measure(inline.SelectionSet, inline.TypeCondition is null ? parentType : schema.GetType(inline.TypeCondition.Name.Value), schema, fragments, memo, visiting);
                    break;
                case FragmentSpreadNode spread:
                {
                    string name = spread.Name.Value;
                    if (memo.TryGetValue(name, out s)) { break; }
                    if (!fragments.TryGetValue(name, out var fragment) || !visiting.Add(name))
                    {
                        s = new Stats(0, 0, 0, 0);
                        break;
                    }
                    s = Measure(fragment.SelectionSet, schema.GetType(fragment.TypeCondition.Name.Value), schema, fragments, memo, visiting);
                    visiting.Remove(name);
                    memo[name] = s;
                    break;
                }
                default:
                    continue;
            }
            total = Stats.Combine(total, s);
        }
        return total;
    }
}

using CxSemantic.GraphQL.Language;

namespace CxSemantic.Server.Schema;

/// <summary>
/// Reads which <c>MetricRow</c> fields a request selects under <c>metrics { rows { … } }</c>:
/// fields, inline fragments and named fragments, honouring <c>@skip</c>/<c>@include</c>.
/// The union over every <c>rows</c> selection is the query (selected dimensions group, selected metrics compute).
/// </summary>
internal static class RowSelection
{
    public static List<string> Collect(IEnumerable<FieldNode> metricsChildren, DocumentNode document, IReadOnlyDictionary<string, object?> variables)
    {
        var fragments = document.Definitions.OfType<FragmentDefinitionNode>().ToDictionary(f => f.Name.Value, StringComparer.Ordinal);
        var selected = new List<string>();
        foreach (var rows in metricsChildren.Where(f => f.Name.Value == "rows"))
        {
            if (rows.SelectionSet is { } set)
            {
                Walk(set, fragments, variables, selected, new HashSet<string>(StringComparer.Ordinal));
            }
        }

        return selected;
    }

    private static void Walk(SelectionSetNode set, Dictionary<string, FragmentDefinitionNode> fragments, IReadOnlyDictionary<string, object?> variables, List<string> selected, HashSet<string> visiting)
    {
        foreach (var selection in set.Selections)
        {
            if (!Included(selection.Directives, variables))
            {
                continue;
            }

            switch (selection)
            {
                case FieldNode field:
                    if (!selected.Contains(field.Name.Value))
                    {
                        selected.Add(field.Name.Value);
                    }

                    break;
                case InlineFragmentNode inline:
                    Walk(inline.SelectionSet, fragments, variables, selected, visiting);
                    break;
                case FragmentSpreadNode spread when fragments.TryGetValue(spread.Name.Value, out var fragment) && visiting.Add(spread.Name.Value):
                    Walk(fragment.SelectionSet, fragments, variables, selected, visiting);
                    visiting.Remove(spread.Name.Value);
                    break;
            }
        }
    }

    private static bool Included(IReadOnlyList<DirectiveNode> directives, IReadOnlyDictionary<string, object?> variables)
    {
        foreach (var directive in directives)
        {
            var condition = directive.Arguments.FirstOrDefault(a => a.Name.Value == "if")?.Value switch
            {
                BooleanValueNode b => b.Value,
                VariableNode v => variables.TryGetValue(v.Name.Value, out var value) && value is true,
                _ => (bool?)null,
            };
            if (condition is null)
            {
                continue;
            }

            if ((directive.Name.Value == "skip" && condition.Value) || (directive.Name.Value == "include" && !condition.Value))
            {
                return false;
            }
        }

        return true;
    }
}

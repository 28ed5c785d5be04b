using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// Spec 6.3.2 CollectFields for one operation: groups the fields of a selection set by response key, expanding inline
/// and named fragments whose type condition applies and dropping selections excluded by <c>@skip</c>/<c>@include</c>
/// (evaluated with the operation's coerced variables). Execution and the resolvers' look-ahead both use it, so what a
/// resolver sees selected is exactly what will be executed.
/// </summary>
internal sealed class FieldCollector
{
    private readonly Schema _schema;
    private readonly IReadOnlyDictionary<string, object?> _variables;
    private readonly Dictionary<string, FragmentDefinitionNode> _fragments = new(StringComparer.Ordinal);

    public FieldCollector(Schema schema, DocumentNode document, IReadOnlyDictionary<string, object?> variables)
    {
        _schema = schema;
        _variables = variables;
        for (int iDefinition = 0; iDefinition < document.Definitions.Count; iDefinition++)
        {
            var definition = document.Definitions[iDefinition];
            if (definition is FragmentDefinitionNode fragment) { _fragments[fragment.Name.Value] = fragment; }
        }
    }

    /// <summary>The fields of <paramref name="selectionSet"/> on <paramref name="type"/>, by response key in selection order.</summary>
    public Dictionary<string, List<FieldNode>> CollectFields(ObjectType type, SelectionSetNode selectionSet)
    {
        var fields = new Dictionary<string, List<FieldNode>>(StringComparer.Ordinal);
        CollectFields(type, selectionSet, fields, null);
        return fields;
    }

    /// <summary>The merged subfields of <paramref name="nodes"/> (spec CollectSubfields), by response key in selection order.</summary>
    public Dictionary<string, List<FieldNode>> CollectSubfields(ObjectType type, IEnumerable<FieldNode> nodes)
    {
        var fields = new Dictionary<string, List<FieldNode>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.SelectionSet is not null) { CollectFields(type, node.SelectionSet, fields, null); }
        }
        return fields;
    }

    private void CollectFields(ObjectType type, SelectionSetNode selectionSet, Dictionary<string, List<FieldNode>> fields, HashSet<string>? visitedFragments)
    {
        for (int iSelection = 0; iSelection < selectionSet.Selections.Count; iSelection++)
        {
            var selection = selectionSet.Selections[iSelection];
            if (!ShouldInclude(selection.Directives)) { continue; }
            switch (selection)
            {
                case FieldNode field:
                {
                    string key = field.ResponseKey;
                    if (!fields.TryGetValue(key, out var list)) { fields[key] = list = []; }
                    list.Add(field);
                    break;
                }
                case InlineFragmentNode inline:
                    if (inline.TypeCondition is not null && !DoesFragmentConditionMatch(inline.TypeCondition, type)) { continue; }
                    CollectFields(type, inline.SelectionSet, fields, visitedFragments);
                    break;
                case FragmentSpreadNode spread:
                {
                    visitedFragments ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!visitedFragments.Add(spread.Name.Value)) { continue; }
                    if (!_fragments.TryGetValue(spread.Name.Value, out var fragment)) { continue; }
                    if (!DoesFragmentConditionMatch(fragment.TypeCondition, type)) { continue; }
                    CollectFields(type, fragment.SelectionSet, fields, visitedFragments);
                    break;
                }
            }
        }
    }

    private bool DoesFragmentConditionMatch(NamedTypeNode condition, ObjectType type)
    {
        var conditionType = _schema.GetType(condition.Name.Value);
        if (conditionType is null) { return false; }
        if (ReferenceEquals(conditionType, type)) { return true; }
        return conditionType.IsAbstract && _schema.IsSubType(conditionType, type);
    }

    private bool ShouldInclude(IReadOnlyList<DirectiveNode> directives)
    {
        if (directives.Count == 0) { return true; }
        for (int iDirective = 0; iDirective < directives.Count; iDirective++)
        {
            var directive = directives[iDirective];
            string name = directive.Name.Value;
            if (name is not ("skip" or "include")) { continue; }
            var definition = _schema.GetDirective(name)!;
            var args = VariableCoercion.CoerceArgumentValues(definition.Arguments, directive.Arguments, directive, _variables);
            bool condition = args.TryGetValue("if", out var v) && v is true;
            if (name == "skip" && condition) { return false; }
            if (name == "include" && !condition) { return false; }
        }
        return true;
    }
}

/// <summary>A field of a collected selection set with its definition resolved once per (type, selection).</summary>
internal sealed record CollectedField(string ResponseKey, List<FieldNode> Nodes, FieldDefinition Definition)
{
    /// <summary>A leaf field read by the default resolver: completed inline without path, context or state machine.</summary>
    public bool IsPlainLeaf { get; } = Definition.Resolver is null && Definition.Arguments.Count == 0 && Definition.Type.Nullable is ScalarType or EnumType;
}

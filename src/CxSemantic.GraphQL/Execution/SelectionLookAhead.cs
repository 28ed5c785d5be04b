using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// Look-ahead: the fields a request selects on an object type, collected exactly as execution collects them (inline and
/// named fragments expanded where their type condition applies, <c>@skip</c>/<c>@include</c> evaluated with the
/// request's variables, fields merged by response key). Lets a resolver push projections down to its data source.
/// </summary>
public sealed class SelectionLookAhead
{
    private readonly FieldCollector? _collector;

    internal SelectionLookAhead(FieldCollector? collector, ObjectType? type, IReadOnlyDictionary<string, List<FieldNode>> fields)
    {
        _collector = collector;
        Type = type;
        Fields = [.. fields.Select(f => new SelectedField(f.Key, f.Value, type?.GetField(f.Value[0].Name.Value)))];
        FieldNames = [.. Fields.Select(f => f.Name).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>An empty selection (a leaf or abstract type, or a field that is not selected).</summary>
    internal static SelectionLookAhead Empty { get; } = new(null, null, new Dictionary<string, List<FieldNode>>());

    /// <summary>The object type the fields are selected on; null for an empty selection.</summary>
    public ObjectType? Type { get; }

    /// <summary>The selected fields, one per response key, in selection order.</summary>
    public IReadOnlyList<SelectedField> Fields { get; }

    /// <summary>The distinct names of the selected fields (aliases resolved), in order of first selection.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Whether a field of this name is selected (under any alias).</summary>
    public bool Contains(string fieldName) => FieldNames.Contains(fieldName, StringComparer.Ordinal);

    /// <summary>
    /// The fields selected under every selection of the field <paramref name="fieldName"/> (under any alias, merged in
    /// selection order), e.g. <c>context.LookAhead().Select("rows").FieldNames</c>; empty when the field is not selected
    /// or its named type is not an object type.
    /// </summary>
    public SelectionLookAhead Select(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        if (_collector is null || Type?.GetField(fieldName) is not { } definition || definition.Type.GetNamedType() is not ObjectType childType)
        {
            return Empty;
        }

        var nodes = Fields.Where(f => f.Name == fieldName).SelectMany(f => f.Nodes).ToList();
        return nodes.Count == 0 ? Empty : new SelectionLookAhead(_collector, childType, _collector.CollectSubfields(childType, nodes));
    }

    /// <summary>The fields selected under one selected field (one response key, e.g. one alias), or empty when its type is not an object type.</summary>
    public SelectionLookAhead Select(SelectedField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _collector is null || field.Definition?.Type.GetNamedType() is not ObjectType childType
            ? Empty
            : new SelectionLookAhead(_collector, childType, _collector.CollectSubfields(childType, field.Nodes));
    }
}

/// <summary>One selected field of a <see cref="SelectionLookAhead"/>: its response key and the field nodes merged under it.</summary>
/// <param name="ResponseKey">The alias, or the field name when there is none.</param>
/// <param name="Nodes">The field nodes merged under the response key (one per selection of the same key).</param>
/// <param name="Definition">The field definition on the selection's type; null for introspection fields such as <c>__typename</c>.</param>
public sealed record SelectedField(string ResponseKey, IReadOnlyList<FieldNode> Nodes, FieldDefinition? Definition)
{
    /// <summary>The field name (not the alias).</summary>
    public string Name => Nodes[0].Name.Value;
}

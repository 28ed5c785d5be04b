using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>
/// Spec 5.3.2 Field Selection Merging: fields with the same response name must be mergeable.
/// Follows graphql-js' memoized algorithm (fragment pairs and field-map/fragment pairs are compared once).
/// </summary>
internal sealed class OverlappingFieldsCanBeMergedRule : ValidationRule
{
    private readonly record struct NodeAndDef(NamedType? ParentType, FieldNode Node, FieldDefinition? Definition);

    /// <summary>
    /// Response name → fields, in insertion order. The first field per name is stored inline (most names occur once);
    /// lookups are linear for small maps and indexed when large.
    /// </summary>
    private sealed class FieldMap(int id)
    {
        private readonly List<string> _keys = [];
        private readonly List<NodeAndDef> _first = [];
        private List<List<NodeAndDef>?>? _more;
        private Dictionary<string, int>? _index;

        public int Id { get; } = id;
        public int Count => _keys.Count;
        public string KeyAt(int k) => _keys[k];
        public int CountAt(int k) => 1 + (_more?[k]?.Count ?? 0);
        public NodeAndDef At(int k, int j) => j == 0 ? _first[k] : _more![k]![j - 1];

        public int IndexOf(string key)
        {
            if (_index is not null) { return _index.TryGetValue(key, out int i) ? i : -1; }
            for (int i = 0; i < _keys.Count; i++)
            {
                if (ReferenceEquals(_keys[i], key) || _keys[i] == key) { return i; }
            }
            return -1;
        }

        public void Add(string key, NodeAndDef field)
        {
            int k = IndexOf(key);
            if (k >= 0)
            {
                _more ??= [.. Enumerable.Repeat<List<NodeAndDef>?>(null, _keys.Count)];
                (_more[k] ??= []).Add(field);
                return;
            }
            _keys.Add(key);
            _first.Add(field);
            _more?.Add(null);
            if (_index is not null) { _index[key] = _keys.Count - 1; }
            else if (_keys.Count > 16)
            {
                _index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < _keys.Count; i++) { _index[_keys[i]] = i; }
            }
        }
    }

    private sealed record FieldsAndFragments(FieldMap Fields, List<string> FragmentNames);

    private sealed record Reason(string ResponseName, string? Message, List<Reason>? SubReasons);

    private sealed record Conflict(Reason Reason, List<FieldNode> Fields1, List<FieldNode> Fields2);

    private readonly Dictionary<(int, string), bool> _comparedFieldsAndFragmentPairs = [];
    private int _nextFieldMapId;
    private readonly Dictionary<(string, string), bool> _comparedFragmentPairs = [];
    private readonly Dictionary<SelectionSetNode, FieldsAndFragments> _cache = new(ReferenceEqualityComparer.Instance);
    private ValidationContext _context = null!;

    public override string Name => "OverlappingFieldsCanBeMergedRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.SelectionSet];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is not SelectionSetNode selectionSet || IsTriviallyMergeable(selectionSet)) { return true; }
        _context = context;
        var conflicts = FindConflictsWithinSelectionSet(context.TypeInfo.ParentType, selectionSet);
        foreach (var conflict in conflicts)
        {
            context.Report(Format(FieldsConflict, conflict.Reason.ResponseName, ReasonMessage(conflict.Reason)), [.. conflict.Fields1, .. conflict.Fields2]);
        }
        return true;
    }

    /// <summary>
    /// No fragment spreads and all response names distinct (looking through inline fragments): nothing within this set
    /// can conflict, so the expensive collection is skipped. Nested sets are checked when the walk reaches them.
    /// </summary>
    [ThreadStatic]
    private static List<string>? t_keys;

    private static bool IsTriviallyMergeable(SelectionSetNode selectionSet)
    {
        Span<int> budget = [32];
        var keys = t_keys ??= new List<string>(32);
        keys.Clear();
        bool unique = CollectUniqueKeys(selectionSet, keys, budget);
        keys.Clear();
        return unique;
    }

    private static bool CollectUniqueKeys(SelectionSetNode selectionSet, List<string> keys, Span<int> budget)
    {
        var selections = selectionSet.Selections;
        for (int i = 0; i < selections.Count; i++)
        {
            switch (selections[i])
            {
                case FieldNode field:
                {
                    if (--budget[0] < 0) { return false; }
                    string key = field.ResponseKey;
                    for (int j = 0; j < keys.Count; j++)
                    {
                        if (ReferenceEquals(keys[j], key) || keys[j] == key) { return false; }
                    }
                    keys.Add(key);
                    break;
                }
                case InlineFragmentNode inline:
                    if (!CollectUniqueKeys(inline.SelectionSet, keys, budget)) { return false; }
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static string ReasonMessage(Reason reason)
        => reason.SubReasons is null
            ? reason.Message!
            : string.Join(" and ", reason.SubReasons.Select(r => $"subfields \"{r.ResponseName}\" conflict because {ReasonMessage(r)}"));

    private List<Conflict> FindConflictsWithinSelectionSet(NamedType? parentType, SelectionSetNode selectionSet)
    {
        var conflicts = new List<Conflict>();
        var (fieldMap, fragmentNames) = GetFieldsAndFragmentNames(parentType, selectionSet);
        CollectConflictsWithin(conflicts, fieldMap);
        for (int i = 0; i < fragmentNames.Count; i++)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, false, fieldMap, fragmentNames[i]);
            for (int j = i + 1; j < fragmentNames.Count; j++)
            {
                CollectConflictsBetweenFragments(conflicts, false, fragmentNames[i], fragmentNames[j]);
            }
        }
        return conflicts;
    }

    private static bool PairHas(Dictionary<(int, string), bool> set, (int, string) key, bool mutuallyExclusive)
        => set.TryGetValue(key, out bool stored) && (mutuallyExclusive || stored == mutuallyExclusive);

    private void CollectConflictsBetweenFieldsAndFragment(List<Conflict> conflicts, bool mutuallyExclusive, FieldMap fieldMap, string fragmentName)
    {
        if (PairHas(_comparedFieldsAndFragmentPairs, (fieldMap.Id, fragmentName), mutuallyExclusive)) { return; }
        _comparedFieldsAndFragmentPairs[(fieldMap.Id, fragmentName)] = mutuallyExclusive;
        var fragment = _context.GetFragment(fragmentName);
        if (fragment is null) { return; }
        var (fieldMap2, referenced) = GetReferencedFieldsAndFragmentNames(fragment);
        if (ReferenceEquals(fieldMap, fieldMap2)) { return; }
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldMap, fieldMap2);
        foreach (var name in referenced)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap, name);
        }
    }

    private void CollectConflictsBetweenFragments(List<Conflict> conflicts, bool mutuallyExclusive, string fragmentName1, string fragmentName2)
    {
        if (fragmentName1 == fragmentName2) { return; }
        var key = string.CompareOrdinal(fragmentName1, fragmentName2) < 0 ? (fragmentName1, fragmentName2) : (fragmentName2, fragmentName1);
        if (_comparedFragmentPairs.TryGetValue(key, out bool stored) && (mutuallyExclusive || stored == mutuallyExclusive)) { return; }
        _comparedFragmentPairs[key] = mutuallyExclusive;
        var fragment1 = _context.GetFragment(fragmentName1);
        var fragment2 = _context.GetFragment(fragmentName2);
        if (fragment1 is null || fragment2 is null) { return; }
        var (fieldMap1, referenced1) = GetReferencedFieldsAndFragmentNames(fragment1);
        var (fieldMap2, referenced2) = GetReferencedFieldsAndFragmentNames(fragment2);
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldMap1, fieldMap2);
        foreach (var name2 in referenced2)
        {
            CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, fragmentName1, name2);
        }
        foreach (var name1 in referenced1)
        {
            CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, name1, fragmentName2);
        }
    }

    private List<Conflict> FindConflictsBetweenSubSelectionSets(bool mutuallyExclusive, NamedType? parentType1, SelectionSetNode selectionSet1, NamedType? parentType2, SelectionSetNode selectionSet2)
    {
        var conflicts = new List<Conflict>();
        var (fieldMap1, fragmentNames1) = GetFieldsAndFragmentNames(parentType1, selectionSet1);
        var (fieldMap2, fragmentNames2) = GetFieldsAndFragmentNames(parentType2, selectionSet2);
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldMap1, fieldMap2);
        foreach (var name2 in fragmentNames2)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap1, name2);
        }
        foreach (var name1 in fragmentNames1)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldMap2, name1);
        }
        foreach (var name1 in fragmentNames1)
        {
            foreach (var name2 in fragmentNames2)
            {
                CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, name1, name2);
            }
        }
        return conflicts;
    }

    // Hostile documents repeat one field thousands of times ({ id id id ... }); pairwise comparison would be quadratic.
    // Structurally identical fields (same parent type, name, arguments and sub-selection) behave identically, so large
    // groups are compared through representatives and only fall back to the exact pairwise walk when a conflict exists.
    private const int GroupingThreshold = 8;
    private const int ConflictBudget = 1000;
    private int _conflictsFound;

    private void Add(List<Conflict> conflicts, Conflict? conflict)
    {
        if (conflict is null) { return; }
        conflicts.Add(conflict);
        _conflictsFound++;
    }

    private static List<List<NodeAndDef>> GroupIdentical(FieldMap map, int k)
    {
        var groups = new List<List<NodeAndDef>>();
        var bySignature = new Dictionary<string, List<NodeAndDef>>(StringComparer.Ordinal);
        for (int i = 0; i < map.CountAt(k); i++)
        {
            var field = map.At(k, i);
            var node = field.Node;
            string signature = string.Concat(
                field.ParentType?.Name, "|", node.Name.Value, "|",
                string.Join(",", node.Arguments.Select(a => a.Name.Value + ":" + StringifyValue(a.Value)).Order(StringComparer.Ordinal)), "|",
                node.SelectionSet is null ? string.Empty : AstPrinter.Print(node.SelectionSet));
            if (!bySignature.TryGetValue(signature, out var group))
            {
                bySignature[signature] = group = [];
                groups.Add(group);
            }
            group.Add(field);
        }
        return groups;
    }

    /// <summary>
    /// True when representatives prove that no pair of fields can conflict. On failure the memo sets are restored,
    /// so the exact pairwise walk that follows sees the same state as graphql-js would.
    /// </summary>
    private bool GroupsAreClean(bool mutuallyExclusive, string responseName, List<List<NodeAndDef>> groups1, List<List<NodeAndDef>>? groups2)
    {
        var fieldPairs = new Dictionary<(int, string), bool>(_comparedFieldsAndFragmentPairs);
        var fragmentPairs = new Dictionary<(string, string), bool>(_comparedFragmentPairs);
        if (ProbeGroups(mutuallyExclusive, responseName, groups1, groups2)) { return true; }
        _comparedFieldsAndFragmentPairs.Clear();
        foreach (var (key, value) in fieldPairs) { _comparedFieldsAndFragmentPairs[key] = value; }
        _comparedFragmentPairs.Clear();
        foreach (var (key, value) in fragmentPairs) { _comparedFragmentPairs[key] = value; }
        return false;
    }

    private bool ProbeGroups(bool mutuallyExclusive, string responseName, List<List<NodeAndDef>> groups1, List<List<NodeAndDef>>? groups2)
    {
        if (groups2 is null)
        {
            foreach (var group in groups1)
            {
                if (group.Count > 1 && FindConflict(mutuallyExclusive, responseName, group[0], group[1]) is not null) { return false; }
            }
            for (int a = 0; a < groups1.Count; a++)
            {
                for (int b = a + 1; b < groups1.Count; b++)
                {
                    if (FindConflict(mutuallyExclusive, responseName, groups1[a][0], groups1[b][0]) is not null) { return false; }
                }
            }
            return true;
        }

        foreach (var g1 in groups1)
        {
            foreach (var g2 in groups2)
            {
                if (FindConflict(mutuallyExclusive, responseName, g1[0], g2[0]) is not null) { return false; }
            }
        }
        return true;
    }

    private void CollectConflictsWithin(List<Conflict> conflicts, FieldMap fieldMap)
    {
        for (int k = 0; k < fieldMap.Count && _conflictsFound <= ConflictBudget; k++)
        {
            string responseName = fieldMap.KeyAt(k);
            int count = fieldMap.CountAt(k);
            if (count > GroupingThreshold)
            {
                var groups = GroupIdentical(fieldMap, k);
                if (groups.Count < count && GroupsAreClean(false, responseName, groups, null)) { continue; }
            }
            for (int i = 0; i < count && _conflictsFound <= ConflictBudget; i++)
            {
                for (int j = i + 1; j < count; j++)
                {
                    Add(conflicts, FindConflict(false, responseName, fieldMap.At(k, i), fieldMap.At(k, j)));
                }
            }
        }
    }

    private void CollectConflictsBetween(List<Conflict> conflicts, bool mutuallyExclusive, FieldMap fieldMap1, FieldMap fieldMap2)
    {
        for (int k = 0; k < fieldMap1.Count && _conflictsFound <= ConflictBudget; k++)
        {
            string responseName = fieldMap1.KeyAt(k);
            int k2 = fieldMap2.IndexOf(responseName);
            if (k2 < 0) { continue; }
            int count1 = fieldMap1.CountAt(k), count2 = fieldMap2.CountAt(k2);
            if (count1 * count2 > GroupingThreshold * GroupingThreshold)
            {
                var groups1 = GroupIdentical(fieldMap1, k);
                var groups2 = GroupIdentical(fieldMap2, k2);
                if (groups1.Count * groups2.Count < count1 * count2 && GroupsAreClean(mutuallyExclusive, responseName, groups1, groups2)) { continue; }
            }
            for (int i = 0; i < count1 && _conflictsFound <= ConflictBudget; i++)
            {
                for (int j = 0; j < count2; j++)
                {
                    Add(conflicts, FindConflict(mutuallyExclusive, responseName, fieldMap1.At(k, i), fieldMap2.At(k2, j)));
                }
            }
        }
    }

    private Conflict? FindConflict(bool parentFieldsAreMutuallyExclusive, string responseName, NodeAndDef field1, NodeAndDef field2)
    {
        bool mutuallyExclusive = parentFieldsAreMutuallyExclusive
            || (!ReferenceEquals(field1.ParentType, field2.ParentType) && field1.ParentType is ObjectType && field2.ParentType is ObjectType);
        var node1 = field1.Node;
        var node2 = field2.Node;
        if (!mutuallyExclusive)
        {
            if (node1.Name.Value != node2.Name.Value)
            {
                return new Conflict(new Reason(responseName, $"\"{node1.Name.Value}\" and \"{node2.Name.Value}\" are different fields", null), [node1], [node2]);
            }
            if (!SameArguments(node1, node2))
            {
                return new Conflict(new Reason(responseName, "they have differing arguments", null), [node1], [node2]);
            }
        }

        var type1 = field1.Definition?.Type;
        var type2 = field2.Definition?.Type;
        if (type1 is not null && type2 is not null && DoTypesConflict(type1, type2))
        {
            return new Conflict(new Reason(responseName, $"they return conflicting types \"{type1}\" and \"{type2}\"", null), [node1], [node2]);
        }

        if (node1.SelectionSet is not null && node2.SelectionSet is not null)
        {
            var conflicts = FindConflictsBetweenSubSelectionSets(mutuallyExclusive, type1?.GetNamedType(), node1.SelectionSet, type2?.GetNamedType(), node2.SelectionSet);
            if (conflicts.Count > 0)
            {
                return new Conflict(
                    new Reason(responseName, null, [.. conflicts.Select(c => c.Reason)]),
                    [node1, .. conflicts.SelectMany(c => c.Fields1)],
                    [node2, .. conflicts.SelectMany(c => c.Fields2)]);
            }
        }
        return null;
    }

    private static bool SameArguments(FieldNode node1, FieldNode node2)
    {
        var args1 = node1.Arguments;
        var args2 = node2.Arguments;
        if (args1.Count == 0) { return args2.Count == 0; }
        if (args2.Count == 0 || args1.Count != args2.Count) { return false; }
        foreach (var arg1 in args1)
        {
            var arg2 = args2.FirstOrDefault(a => a.Name.Value == arg1.Name.Value);
            if (arg2 is null) { return false; }
            if (StringifyValue(arg1.Value) != StringifyValue(arg2.Value)) { return false; }
        }
        return true;
    }

    private static string StringifyValue(ValueNode value) => AstPrinter.Print(SortValue(value));

    private static ValueNode SortValue(ValueNode value) => value switch
    {
        ObjectValueNode o => new ObjectValueNode(o.Location, [.. o.Fields.Select(f => new ObjectFieldNode(f.Location, f.Name, SortValue(f.Value))).OrderBy(f => f.Name.Value, Comparer<string>.Create(Suggestions.NaturalCompare))]),
        ListValueNode l => new ListValueNode(l.Location, [.. l.Values.Select(SortValue)]),
        _ => value,
    };

    private static bool DoTypesConflict(GraphQLType type1, GraphQLType type2)
    {
        if (type1 is ListType list1) { return type2 is not ListType list2 || DoTypesConflict(list1.OfType, list2.OfType); }
        if (type2 is ListType) { return true; }
        if (type1 is NonNullType nn1) { return type2 is not NonNullType nn2 || DoTypesConflict(nn1.OfType, nn2.OfType); }
        if (type2 is NonNullType) { return true; }
        if (type1.IsLeaf || type2.IsLeaf) { return !ReferenceEquals(type1, type2); }
        return false;
    }

    private FieldsAndFragments GetFieldsAndFragmentNames(NamedType? parentType, SelectionSetNode selectionSet)
    {
        if (_cache.TryGetValue(selectionSet, out var cached)) { return cached; }
        var fieldMap = new FieldMap(_nextFieldMapId++);
        var fragmentNames = new List<string>();
        Collect(parentType, selectionSet, fieldMap, fragmentNames);
        var result = new FieldsAndFragments(fieldMap, fragmentNames);
        _cache[selectionSet] = result;
        return result;
    }

    private FieldsAndFragments GetReferencedFieldsAndFragmentNames(FragmentDefinitionNode fragment)
    {
        if (_cache.TryGetValue(fragment.SelectionSet, out var cached)) { return cached; }
        var fragmentType = _context.Schema.GetType(fragment.TypeCondition.Name.Value);
        return GetFieldsAndFragmentNames(fragmentType, fragment.SelectionSet);
    }

    private void Collect(NamedType? parentType, SelectionSetNode selectionSet, FieldMap fieldMap, List<string> fragmentNames)
    {
        for (int iSelection = 0; iSelection < selectionSet.Selections.Count; iSelection++)
        {
            var selection = selectionSet.Selections[iSelection];
            switch (selection)
            {
                case FieldNode field:
                {
                    var definition = parentType is ComplexType complex ? complex.GetField(field.Name.Value) : null;
                    fieldMap.Add(field.ResponseKey, new NodeAndDef(parentType, field, definition));
                    break;
                }
                case FragmentSpreadNode spread:
                    if (!fragmentNames.Contains(spread.Name.Value)) { fragmentNames.Add(spread.Name.Value); }
                    break;
                case InlineFragmentNode inline:
                {
                    var inlineType = inline.TypeCondition is not null ? _context.Schema.GetType(inline.TypeCondition.Name.Value) : parentType;
                    Collect(inlineType, inline.SelectionSet, fieldMap, fragmentNames);
                    break;
                }
            }
        }
    }
}

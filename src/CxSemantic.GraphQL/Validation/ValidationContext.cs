using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Validation;

/// <summary>A variable use found while walking an operation or fragment.</summary>
internal readonly record struct VariableUsage(VariableNode Node, GraphQLType? Type, bool HasLocationDefault, GraphQLType? ParentType);

/// <summary>Shared state for validation rules (graphql-js ValidationContext).</summary>
internal sealed class ValidationContext
{
    private readonly List<GraphQLError> _errors = [];
    private readonly Dictionary<string, FragmentDefinitionNode> _fragments = new(StringComparer.Ordinal);
    private readonly Dictionary<SelectionSetNode, List<FragmentSpreadNode>> _spreads = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OperationDefinitionNode, List<FragmentDefinitionNode>> _recursiveFragments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SyntaxNode, List<VariableUsage>> _variableUsages = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OperationDefinitionNode, List<VariableUsage>> _recursiveVariableUsages = new(ReferenceEqualityComparer.Instance);

    public ValidationContext(Schema schema, DocumentNode document)
    {
        Schema = schema;
        Document = document;
        TypeInfo = new TypeInfo(schema);
        for (int iDefinition = 0; iDefinition < document.Definitions.Count; iDefinition++)
        {
            var definition = document.Definitions[iDefinition];
            if (definition is FragmentDefinitionNode fragment) { _fragments[fragment.Name.Value] = fragment; }
        }
    }

    public Schema Schema { get; }
    public DocumentNode Document { get; }
    public TypeInfo TypeInfo { get; }
    public List<SyntaxNode> Ancestors { get; } = [];
    public IReadOnlyList<GraphQLError> Errors => _errors;
    public string CurrentRule { get; set; } = string.Empty;
    public int MaxErrors { get; init; } = 100;

    public void Report(string message, params SyntaxNode[] nodes)
    {
        if (_errors.Count >= MaxErrors)
        {
            // Same behaviour as graphql-js validate(maxErrors): one final error, then stop.
            _errors.Add(new GraphQLError(ValidationMessages.TooManyErrors));
            throw new ValidationAbortedException();
        }
        _errors.Add(new GraphQLError(message, [.. nodes.Select(n => n.Location)]) { Rule = CurrentRule });
    }

    public void Report(string message, IEnumerable<SyntaxNode> nodes) => Report(message, [.. nodes]);

    public FragmentDefinitionNode? GetFragment(string name) => _fragments.GetValueOrDefault(name);

    public List<FragmentSpreadNode> GetFragmentSpreads(SelectionSetNode node)
    {
        if (_spreads.TryGetValue(node, out var spreads)) { return spreads; }
        spreads = [];
        var stack = new Stack<SelectionSetNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var set = stack.Pop();
            for (int iSelection = 0; iSelection < set.Selections.Count; iSelection++)
            {
                var selection = set.Selections[iSelection];
                switch (selection)
                {
                    case FragmentSpreadNode spread: spreads.Add(spread); break;
                    case FieldNode { SelectionSet: { } s }: stack.Push(s); break;
                    case InlineFragmentNode inline: stack.Push(inline.SelectionSet); break;
                }
            }
        }
        _spreads[node] = spreads;
        return spreads;
    }

    public List<FragmentDefinitionNode> GetRecursivelyReferencedFragments(OperationDefinitionNode operation)
    {
        if (_recursiveFragments.TryGetValue(operation, out var fragments)) { return fragments; }
        fragments = [];
        var collected = new HashSet<string>(StringComparer.Ordinal);
        // Uses the spreads recorded by the main walk when available (consumers of this list are order-insensitive).
        var nodesToVisit = new Stack<ExecutableDefinitionNode>();
        nodesToVisit.Push(operation);
        while (nodesToVisit.Count > 0)
        {
            var definition = nodesToVisit.Pop();
            var spreads = _walkedSpreads.TryGetValue(definition, out var walked) ? walked : GetFragmentSpreads(definition.SelectionSet);
            foreach (var spread in spreads)
            {
                string name = spread.Name.Value;
                if (!collected.Add(name)) { continue; }
                var fragment = GetFragment(name);
                if (fragment is not null)
                {
                    fragments.Add(fragment);
                    nodesToVisit.Push(fragment);
                }
            }
        }
        _recursiveFragments[operation] = fragments;
        return fragments;
    }

    private List<VariableUsage>? _currentUsages;
    private List<FragmentSpreadNode>? _currentSpreads;
    private readonly Dictionary<ExecutableDefinitionNode, List<FragmentSpreadNode>> _walkedSpreads = new(ReferenceEqualityComparer.Instance);
    private bool _inVariableDefinition;

    /// <summary>Called by the main walk so variable usages need no second walk (graphql-js walks again per definition).</summary>
    public void TrackEnter(SyntaxNode node, SyntaxKind kind)
    {
        switch (kind)
        {
            case SyntaxKind.OperationDefinition or SyntaxKind.FragmentDefinition:
                _currentUsages = [];
                _currentSpreads = [];
                break;
            case SyntaxKind.VariableDefinition:
                _inVariableDefinition = true;
                break;
            case SyntaxKind.FragmentSpread:
                _currentSpreads?.Add((FragmentSpreadNode)node);
                break;
            case SyntaxKind.Variable when !_inVariableDefinition && _currentUsages is not null:
                _currentUsages.Add(new VariableUsage((VariableNode)node, TypeInfo.InputType, TypeInfo.HasDefaultValue, TypeInfo.ParentInputType));
                break;
        }
    }

    public void TrackLeave(SyntaxNode node, SyntaxKind kind)
    {
        switch (kind)
        {
            case SyntaxKind.OperationDefinition or SyntaxKind.FragmentDefinition:
                _variableUsages.TryAdd(node, _currentUsages!);
                _walkedSpreads.TryAdd((ExecutableDefinitionNode)node, _currentSpreads!);
                _currentUsages = null;
                _currentSpreads = null;
                break;
            case SyntaxKind.VariableDefinition:
                _inVariableDefinition = false;
                break;
        }
    }

    public List<VariableUsage> GetVariableUsages(ExecutableDefinitionNode node)
    {
        if (_variableUsages.TryGetValue(node, out var usages)) { return usages; }
        var collector = new VariableUsageCollector(Schema);
        collector.Walk(node);
        _variableUsages[node] = collector.Usages;
        return collector.Usages;
    }

    public List<VariableUsage> GetRecursiveVariableUsages(OperationDefinitionNode operation)
    {
        if (_recursiveVariableUsages.TryGetValue(operation, out var usages)) { return usages; }
        usages = [.. GetVariableUsages(operation)];
        foreach (var fragment in GetRecursivelyReferencedFragments(operation))
        {
            usages.AddRange(GetVariableUsages(fragment));
        }
        _recursiveVariableUsages[operation] = usages;
        return usages;
    }

    private sealed class VariableUsageCollector(Schema schema)
    {
        private readonly TypeInfo _typeInfo = new(schema);

        public List<VariableUsage> Usages { get; } = [];

        public void Walk(SyntaxNode node)
        {
            if (node is VariableDefinitionNode) { return; }
            _typeInfo.Enter(node);
            if (node is VariableNode variable)
            {
                Usages.Add(new VariableUsage(variable, _typeInfo.InputType, _typeInfo.HasDefaultValue, _typeInfo.ParentInputType));
            }
            else
            {
                DocumentWalker.ForEachChild(node, this, static (child, self) => self.Walk(child));
            }
            _typeInfo.Leave(node);
        }
    }
}

/// <summary>Stops a validation walk once the error limit is reached.</summary>
internal sealed class ValidationAbortedException : Exception
{
    public ValidationAbortedException() : base("Validation aborted.") { }
    public ValidationAbortedException(string message) : base(message) { }
    public ValidationAbortedException(string message, Exception innerException) : base(message, innerException) { }
}

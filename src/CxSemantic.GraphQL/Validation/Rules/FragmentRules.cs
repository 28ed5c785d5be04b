using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.1.3 Fragments On Composite Types.</summary>
internal sealed class FragmentsOnCompositeTypesRule : ValidationRule
{
    public override string Name => "FragmentsOnCompositeTypesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.InlineFragment, SyntaxKind.FragmentDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case InlineFragmentNode { TypeCondition: { } condition }:
                if (context.Schema.GetType(condition.Name.Value) is { IsComposite: false })
                {
                    context.Report(Format(InlineFragmentOnNonComposite, AstPrinter.Print(condition)), condition);
                }
                break;
            case FragmentDefinitionNode fragment:
                if (context.Schema.GetType(fragment.TypeCondition.Name.Value) is { IsComposite: false })
                {
                    context.Report(Format(FragmentOnNonComposite, fragment.Name.Value, AstPrinter.Print(fragment.TypeCondition)), fragment.TypeCondition);
                }
                break;
        }
        return true;
    }
}

/// <summary>Spec 5.5.1.1 Fragment Name Uniqueness.</summary>
internal sealed class UniqueFragmentNamesRule : ValidationRule
{
    private readonly UniqueNames _known = new(DuplicateFragmentName);

    public override string Name => "UniqueFragmentNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition, SyntaxKind.FragmentDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case OperationDefinitionNode:
                return false;
            case FragmentDefinitionNode fragment:
                _known.Add(fragment.Name, context);
                return false;
            default:
                return true;
        }
    }
}

/// <summary>Spec 5.5.2.1 Fragment Spread Target Defined.</summary>
internal sealed class KnownFragmentNamesRule : ValidationRule
{
    public override string Name => "KnownFragmentNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.FragmentSpread];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is FragmentSpreadNode spread && context.GetFragment(spread.Name.Value) is null)
        {
            context.Report(Format(UnknownFragment, spread.Name.Value), spread.Name);
        }
        return true;
    }
}

/// <summary>Spec 5.5.1.4 Fragments Must Be Used.</summary>
internal sealed class NoUnusedFragmentsRule : ValidationRule
{
    private readonly List<OperationDefinitionNode> _operations = [];
    private readonly List<FragmentDefinitionNode> _fragments = [];

    public override string Name => "NoUnusedFragmentsRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Document, SyntaxKind.OperationDefinition, SyntaxKind.FragmentDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case OperationDefinitionNode op:
                _operations.Add(op);
                return false;
            case FragmentDefinitionNode fragment:
                _fragments.Add(fragment);
                return false;
            default:
                return true;
        }
    }

    public override void Leave(SyntaxNode node, ValidationContext context)
    {
        if (node is not DocumentNode) { return; }
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in _operations)
        {
            foreach (var fragment in context.GetRecursivelyReferencedFragments(op)) { used.Add(fragment.Name.Value); }
        }
        foreach (var fragment in _fragments)
        {
            if (!used.Contains(fragment.Name.Value))
            {
                context.Report(Format(UnusedFragment, fragment.Name.Value), fragment);
            }
        }
    }
}

/// <summary>Spec 5.5.2.3 Fragment Spread Is Possible.</summary>
internal sealed class PossibleFragmentSpreadsRule : ValidationRule
{
    public override string Name => "PossibleFragmentSpreadsRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.InlineFragment, SyntaxKind.FragmentSpread];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case InlineFragmentNode inline:
            {
                var fragType = context.TypeInfo.Type as NamedType;
                var parentType = context.TypeInfo.ParentType;
                if (fragType is { IsComposite: true } && parentType is { IsComposite: true } && !context.Schema.DoTypesOverlap(fragType, parentType))
                {
                    context.Report(Format(TypeIncompatibleAnonSpread, parentType.Name, fragType.Name), inline);
                }
                break;
            }
            case FragmentSpreadNode spread:
            {
                var fragment = context.GetFragment(spread.Name.Value);
                var fragType = fragment is null ? null : context.Schema.GetType(fragment.TypeCondition.Name.Value);
                var parentType = context.TypeInfo.ParentType;
                if (fragType is { IsComposite: true } && parentType is not null && !context.Schema.DoTypesOverlap(fragType, parentType))
                {
                    context.Report(Format(TypeIncompatibleSpread, spread.Name.Value, parentType.Name, fragType.Name), spread);
                }
                break;
            }
        }
        return true;
    }
}

/// <summary>Spec 5.5.2.2 Fragment Spreads Must Not Form Cycles.</summary>
internal sealed class NoFragmentCyclesRule : ValidationRule
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<FragmentSpreadNode> _spreadPath = [];
    private readonly Dictionary<string, int> _spreadPathIndexByName = new(StringComparer.Ordinal);

    public override string Name => "NoFragmentCyclesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition, SyntaxKind.FragmentDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case OperationDefinitionNode:
                return false;
            case FragmentDefinitionNode fragment:
                DetectCycle(fragment, context);
                return false;
            default:
                return true;
        }
    }

    private void DetectCycle(FragmentDefinitionNode fragment, ValidationContext context)
    {
        string name = fragment.Name.Value;
        if (!_visited.Add(name)) { return; }
        var spreads = context.GetFragmentSpreads(fragment.SelectionSet);
        if (spreads.Count == 0) { return; }
        _spreadPathIndexByName[name] = _spreadPath.Count;
        foreach (var spread in spreads)
        {
            string spreadName = spread.Name.Value;
            _spreadPath.Add(spread);
            if (!_spreadPathIndexByName.TryGetValue(spreadName, out int cycleIndex))
            {
                var target = context.GetFragment(spreadName);
                if (target is not null) { DetectCycle(target, context); }
            }
            else
            {
                var cyclePath = _spreadPath.Skip(cycleIndex).ToList();
                string via = string.Join(", ", cyclePath.Take(cyclePath.Count - 1).Select(s => $"\"{s.Name.Value}\""));
                context.Report(Format(CycleErrorMessage, spreadName, via.Length > 0 ? $" via {via}." : "."), cyclePath);
            }
            _spreadPath.RemoveAt(_spreadPath.Count - 1);
        }
        _spreadPathIndexByName.Remove(name);
    }
}

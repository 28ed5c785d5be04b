using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>Spec 5.7.1 Directives Are Defined and 5.7.2 Directives Are in Valid Locations.</summary>
internal sealed class KnownDirectivesRule : ValidationRule
{
    public override string Name => "KnownDirectivesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Directive];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is not DirectiveNode directive) { return true; }
        var definition = context.Schema.GetDirective(directive.Name.Value);
        if (definition is null)
        {
            context.Report(Format(UnknownDirective, directive.Name.Value), directive);
            return true;
        }
        DirectiveLocation? location = context.Ancestors.Count == 0 ? null : context.Ancestors[^1] switch
        {
            OperationDefinitionNode op => op.Operation switch
            {
                OperationType.Query => DirectiveLocation.Query,
                OperationType.Mutation => DirectiveLocation.Mutation,
                _ => DirectiveLocation.Subscription,
            },
            FieldNode => DirectiveLocation.Field,
            FragmentSpreadNode => DirectiveLocation.FragmentSpread,
            InlineFragmentNode => DirectiveLocation.InlineFragment,
            FragmentDefinitionNode => DirectiveLocation.FragmentDefinition,
            VariableDefinitionNode => DirectiveLocation.VariableDefinition,
            _ => null,
        };
        if (location is { } l && !definition.Locations.Contains(l))
        {
            context.Report(Format(MisplacedDirective, directive.Name.Value, l.ToName()), directive);
        }
        return true;
    }
}

/// <summary>Spec 5.7.3 Directives Are Unique per Location.</summary>
internal sealed class UniqueDirectivesPerLocationRule : ValidationRule
{
    public override string Name => "UniqueDirectivesPerLocationRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition, SyntaxKind.Field, SyntaxKind.FragmentSpread, SyntaxKind.InlineFragment, SyntaxKind.FragmentDefinition, SyntaxKind.VariableDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        var directives = node switch
        {
            OperationDefinitionNode op => op.Directives,
            SelectionNode s => s.Directives,
            FragmentDefinitionNode f => f.Directives,
            VariableDefinitionNode v => v.Directives,
            _ => null,
        };
        if (directives is null || directives.Count < 2) { return true; }
        var seen = new Dictionary<string, DirectiveNode>(StringComparer.Ordinal);
        for (int iDirective = 0; iDirective < directives.Count; iDirective++)
        {
            var directive = directives[iDirective];
            string name = directive.Name.Value;
            var definition = context.Schema.GetDirective(name);
            if (definition is null || definition.IsRepeatable) { continue; }
            if (seen.TryGetValue(name, out var first))
            {
                context.Report(Format(DuplicateDirective, name), first, directive);
            }
            else
            {
                seen[name] = directive;
            }
        }
        return true;
    }
}

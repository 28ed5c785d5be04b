using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>Spec 5.1.1 Executable Definitions: only operations and fragments may appear.</summary>
internal sealed class ExecutableDefinitionsRule : ValidationRule
{
    public override string Name => "ExecutableDefinitionsRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Document];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is not DocumentNode document) { return true; }
        for (int iDefinition = 0; iDefinition < document.Definitions.Count; iDefinition++)
        {
            var definition = document.Definitions[iDefinition];
            if (definition is ExecutableDefinitionNode) { continue; }
            string name = definition switch
            {
                SchemaDefinitionNode => "schema",
                TypeDefinitionNode t => $"\"{t.Name.Value}\"",
                DirectiveDefinitionNode d => $"\"{d.Name.Value}\"",
                _ => "unknown",
            };
            context.Report(Format(NotExecutable, name), definition);
        }
        return false;
    }
}

/// <summary>Spec 5.2.1.1 Operation Name Uniqueness.</summary>
internal sealed class UniqueOperationNamesRule : ValidationRule
{
    private readonly UniqueNames _known = new(DuplicateOperationName);

    public override string Name => "UniqueOperationNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition, SyntaxKind.FragmentDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case OperationDefinitionNode { Name: { } name }:
                _known.Add(name, context);
                return false;
            case OperationDefinitionNode or FragmentDefinitionNode:
                return false;
            default:
                return true;
        }
    }
}

/// <summary>Spec 5.2.2.1 Lone Anonymous Operation.</summary>
internal sealed class LoneAnonymousOperationRule : ValidationRule
{
    private int _operationCount;

    public override string Name => "LoneAnonymousOperationRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Document, SyntaxKind.OperationDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is DocumentNode document)
        {
            _operationCount = document.Definitions.Count(d => d is OperationDefinitionNode);
        }
        else if (node is OperationDefinitionNode { Name: null } && _operationCount > 1)
        {
            context.Report(AnonymousOperationNotAlone, node);
        }
        return true;
    }
}

/// <summary>Spec 5.2.3.1 Single Root Field (subscriptions).</summary>
internal sealed class SingleFieldSubscriptionsRule : ValidationRule
{
    public override string Name => "SingleFieldSubscriptionsRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is not OperationDefinitionNode { Operation: OperationType.Subscription } operation) { return true; }
        var subscriptionType = context.Schema.SubscriptionType;
        if (subscriptionType is null) { return true; }
        string? operationName = operation.Name?.Value;
        var fields = new Dictionary<string, List<FieldNode>>(StringComparer.Ordinal);
        Collect(context, subscriptionType, operation.SelectionSet, fields, new HashSet<string>(StringComparer.Ordinal));
        if (fields.Count > 1)
        {
            context.Report(operationName is not null ? Format(SubscriptionSingleField, operationName) : AnonymousSubscriptionSingleField, fields.Values.Skip(1).SelectMany(f => f));
        }
        foreach (var fieldNodes in fields.Values)
        {
            if (fieldNodes[0].Name.Value.StartsWith("__", StringComparison.Ordinal))
            {
                context.Report(operationName is not null ? Format(SubscriptionIntrospection, operationName) : AnonymousSubscriptionIntrospection, fieldNodes);
            }
        }
        return true;
    }

    private static void Collect(ValidationContext context, ObjectType type, SelectionSetNode set, Dictionary<string, List<FieldNode>> fields, HashSet<string> visited)
    {
        for (int iSelection = 0; iSelection < set.Selections.Count; iSelection++)
        {
            var selection = set.Selections[iSelection];
            if (IsSkipped(selection.Directives)) { continue; }
            switch (selection)
            {
                case FieldNode field:
                    if (!fields.TryGetValue(field.ResponseKey, out var list)) { fields[field.ResponseKey] = list = []; }
                    list.Add(field);
                    break;
                case InlineFragmentNode inline:
                    if (inline.TypeCondition is not null && !Matches(context.Schema, inline.TypeCondition.Name.Value, type)) { continue; }
                    Collect(context, type, inline.SelectionSet, fields, visited);
                    break;
                case FragmentSpreadNode spread:
                    if (!visited.Add(spread.Name.Value)) { continue; }
                    var fragment = context.GetFragment(spread.Name.Value);
                    if (fragment is null || !Matches(context.Schema, fragment.TypeCondition.Name.Value, type)) { continue; }
                    Collect(context, type, fragment.SelectionSet, fields, visited);
                    break;
            }
        }
    }

    private static bool IsSkipped(IReadOnlyList<DirectiveNode> directives)
    {
        for (int iD = 0; iD < directives.Count; iD++)
        {
            var d = directives[iD];
            var ifArg = d.Arguments.FirstOrDefault(a => a.Name.Value == "if")?.Value;
            if (d.Name.Value == "skip" && ifArg is BooleanValueNode { Value: true }) { return true; }
            if (d.Name.Value == "include" && ifArg is BooleanValueNode { Value: false }) { return true; }
        }
        return false;
    }

    private static bool Matches(Schema schema, string condition, ObjectType type)
    {
        var conditionType = schema.GetType(condition);
        return conditionType is not null && (ReferenceEquals(conditionType, type) || (conditionType.IsAbstract && schema.IsSubType(conditionType, type)));
    }
}

/// <summary>Spec 5.5.1.2 Fragment Spread Type Existence and 5.8.2 (variable types): every named type must exist.</summary>
internal sealed class KnownTypeNamesRule : ValidationRule
{
    public override string Name => "KnownTypeNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.NamedType];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is NamedTypeNode named && context.Schema.GetType(named.Name.Value) is null)
        {
            var suggestions = Execution.Suggestions.List(named.Name.Value, context.Schema.Types.Select(t => t.Name));
            context.Report(Format(UnknownType, named.Name.Value) + Execution.Suggestions.DidYouMean(suggestions), named);
        }
        return true;
    }
}

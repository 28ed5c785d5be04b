using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation.Rules;

namespace CxSemantic.GraphQL.Validation;

/// <summary>Validates executable documents against a schema (spec section 5), running all rules in one walk.</summary>
public static class DocumentValidator
{
    /// <summary>The names of all rules, in execution order (graphql-js specifiedRules).</summary>
    public static IReadOnlyList<string> RuleNames { get; } = [.. CreateRules().Select(r => r.Name)];

    /// <summary>Validates a document; returns the errors (empty when valid). Each error names its rule in <see cref="GraphQLError.Rule"/>.</summary>
    public static IReadOnlyList<GraphQLError> Validate(Schema schema, DocumentNode document, int maxErrors = 100)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        var context = new ValidationContext(schema, document) { MaxErrors = maxErrors };
        var walker = new ParallelWalker(CreateRules(), context);
        walker.Walk(document);
        return context.Errors;
    }

    private static ValidationRule[] CreateRules() =>
    [
        new ExecutableDefinitionsRule(),
        new UniqueOperationNamesRule(),
        new LoneAnonymousOperationRule(),
        new SingleFieldSubscriptionsRule(),
        new KnownTypeNamesRule(),
        new FragmentsOnCompositeTypesRule(),
        new VariablesAreInputTypesRule(),
        new ScalarLeafsRule(),
        new FieldsOnCorrectTypeRule(),
        new UniqueFragmentNamesRule(),
        new KnownFragmentNamesRule(),
        new NoUnusedFragmentsRule(),
        new PossibleFragmentSpreadsRule(),
        new NoFragmentCyclesRule(),
        new UniqueVariableNamesRule(),
        new NoUndefinedVariablesRule(),
        new NoUnusedVariablesRule(),
        new KnownDirectivesRule(),
        new UniqueDirectivesPerLocationRule(),
        new KnownArgumentNamesRule(),
        new UniqueArgumentNamesRule(),
        new ValuesOfCorrectTypeRule(),
        new ProvidedRequiredArgumentsRule(),
        new VariablesInAllowedPositionRule(),
        new OverlappingFieldsCanBeMergedRule(),
        new UniqueInputFieldNamesRule(),
    ];

    private sealed class ParallelWalker(ValidationRule[] rules, ValidationContext context)
    {
        private readonly SyntaxNode?[] _skipping = new SyntaxNode?[rules.Length];

        public void Walk(SyntaxNode node)
        {
            context.TypeInfo.Enter(node);
            for (int i = 0; i < rules.Length; i++)
            {
                if (_skipping[i] is null)
                {
                    context.CurrentRule = rules[i].Name;
                    if (!rules[i].Enter(node, context)) { _skipping[i] = node; }
                }
            }

            context.Ancestors.Add(node);
            DocumentWalker.ForEachChild(node, this, static (child, self) => self.Walk(child));
            context.Ancestors.RemoveAt(context.Ancestors.Count - 1);

            for (int i = 0; i < rules.Length; i++)
            {
                if (_skipping[i] is null)
                {
                    context.CurrentRule = rules[i].Name;
                    rules[i].Leave(node, context);
                }
                else if (ReferenceEquals(_skipping[i], node))
                {
                    _skipping[i] = null;
                }
            }
            context.TypeInfo.Leave(node);
        }
    }
}

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
        var walker = new ParallelWalker(CreateRules(), context, s_standardDispatch);
        try
        {
            walker.Walk(document);
        }
        catch (ValidationAbortedException)
        {
            // The error list already ends with the "too many errors" entry.
        }
        return context.Errors;
    }

    /// <summary>Runs only the rules whose names pass <paramref name="include"/> (tests and profiling).</summary>
    internal static IReadOnlyList<GraphQLError> Validate(Schema schema, DocumentNode document, Func<string, bool> include)
    {
        var context = new ValidationContext(schema, document);
        ValidationRule[] rules = [.. CreateRules().Where(r => include(r.Name))];
        new ParallelWalker(rules, context, BuildDispatch(rules)).Walk(document);
        return context.Errors;
    }

    private static readonly int[][] s_standardDispatch = BuildDispatch(CreateRules());

    /// <summary>For each node kind, the indices of the rules that handle it.</summary>
    private static int[][] BuildDispatch(ValidationRule[] rules)
    {
        int kindCount = Enum.GetValues<SyntaxKind>().Length;
        var byKind = new int[kindCount][];
        for (int k = 0; k < kindCount; k++)
        {
            byKind[k] = [.. Enumerable.Range(0, rules.Length).Where(i => rules[i].Kinds.Contains((SyntaxKind)k))];
        }
        return byKind;
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

    private sealed class ParallelWalker
    {
        private readonly ValidationRule[] _rules;
        private readonly string[] _names;
        private readonly ValidationContext _context;
        private readonly SyntaxNode?[] _skipping;
        private readonly int[][] _byKind;
        private readonly Stack<int> _skips = new();

        public ParallelWalker(ValidationRule[] rules, ValidationContext context, int[][] byKind)
        {
            _rules = rules;
            _names = new string[rules.Length];
            for (int i = 0; i < rules.Length; i++) { _names[i] = rules[i].Name; }
            _context = context;
            _skipping = new SyntaxNode?[rules.Length];
            _byKind = byKind;
        }

        public void Walk(SyntaxNode node)
        {
            var context = _context;
            var kind = node.Kind;
            context.TypeInfo.Enter(node, kind);
            context.TrackEnter(node, kind);
            var interested = _byKind[(int)kind];
            foreach (int i in interested)
            {
                if (_skipping[i] is null)
                {
                    context.CurrentRule = _names[i];
                    if (!_rules[i].Enter(node, context))
                    {
                        _skipping[i] = node;
                        _skips.Push(i);
                    }
                }
            }

            context.Ancestors.Add(node);
            DocumentWalker.ForEachChild(node, kind, this, static (child, self) => self.Walk(child));
            context.Ancestors.RemoveAt(context.Ancestors.Count - 1);
            context.TrackLeave(node, kind);

            foreach (int i in interested)
            {
                if (_skipping[i] is null)
                {
                    context.CurrentRule = _names[i];
                    _rules[i].Leave(node, context);
                }
            }

            // Skips nest like the walk, so the rules skipping at this node are on top of the stack.
            while (_skips.Count > 0 && ReferenceEquals(_skipping[_skips.Peek()], node))
            {
                _skipping[_skips.Pop()] = null;
            }
            context.TypeInfo.Leave(node, kind);
        }
    }
}

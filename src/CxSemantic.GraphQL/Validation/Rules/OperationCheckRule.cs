using CxSemantic.GraphQL.Language;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>
/// A rule that checks each operation once the whole document was walked, so the variable usages the
/// walk records cover every fragment the operation spreads.
/// </summary>
internal abstract class OperationCheckRule : ValidationRule
{
    private readonly List<OperationDefinitionNode> _operations = [];

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition, SyntaxKind.Document];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is OperationDefinitionNode op) { _operations.Add(op); }
        return true;
    }

    public override void Leave(SyntaxNode node, ValidationContext context)
    {
        if (node is not DocumentNode) { return; }
        foreach (var op in _operations) { Check(op, context); }
    }

    /// <summary>Checks one operation of the walked document.</summary>
    protected abstract void Check(OperationDefinitionNode op, ValidationContext context);
}

/// <summary>Names that must be unique in a document (operations, fragments): reports each repeat with the first occurrence.</summary>
internal sealed class UniqueNames(string duplicateMessage)
{
    private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);

    public void Add(NameNode name, ValidationContext context)
    {
        if (_known.TryGetValue(name.Value, out var existing))
        {
            context.Report(Format(duplicateMessage, name.Value), existing, name);
        }
        else
        {
            _known[name.Value] = name;
        }
    }
}

using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Validation;

/// <summary>A validation rule visiting the document in parallel with the others.</summary>
internal abstract class ValidationRule
{
    /// <summary>The graphql-js name of the rule, reported as <see cref="Execution.GraphQLError.Rule"/>.</summary>
    public abstract string Name { get; }

    /// <summary>The node kinds this rule's Enter/Leave handle; the walker dispatches only those.</summary>
    public abstract SyntaxKind[] Kinds { get; }

    /// <summary>Returns false to skip the children of <paramref name="node"/> (for this rule only).</summary>
    public virtual bool Enter(SyntaxNode node, ValidationContext context) => true;

    public virtual void Leave(SyntaxNode node, ValidationContext context) { }
}

namespace CxSemantic.GraphQL.Language;

/// <summary>What a visitor wants the walker to do next.</summary>
public enum VisitorAction
{
    /// <summary>Visit the children, then continue.</summary>
    Continue,
    /// <summary>Do not visit the children of this node.</summary>
    Skip,
    /// <summary>Stop the whole walk.</summary>
    Break,
}

/// <summary>A depth-first walker over syntax trees with Enter/Leave hooks.</summary>
public abstract class SyntaxVisitor
{
    /// <summary>Called before the children of a node are visited.</summary>
    protected virtual VisitorAction Enter(SyntaxNode node, IReadOnlyList<SyntaxNode> ancestors) => VisitorAction.Continue;

    /// <summary>Called after the children of a node were visited.</summary>
    protected virtual VisitorAction Leave(SyntaxNode node, IReadOnlyList<SyntaxNode> ancestors) => VisitorAction.Continue;

    /// <summary>Walks a tree starting at <paramref name="root"/>.</summary>
    public void Visit(SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var ancestors = new List<SyntaxNode>();
        Walk(root, ancestors);
    }

    private bool Walk(SyntaxNode node, List<SyntaxNode> ancestors)
    {
        var action = Enter(node, ancestors);
        if (action == VisitorAction.Break) { return false; }
        if (action == VisitorAction.Continue)
        {
            ancestors.Add(node);
            foreach (var child in node.GetChildren())
            {
                if (!Walk(child, ancestors)) { return false; }
            }
            ancestors.RemoveAt(ancestors.Count - 1);
        }
        return Leave(node, ancestors) != VisitorAction.Break;
    }
}

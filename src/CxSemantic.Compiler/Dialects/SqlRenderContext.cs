using System.Text;

namespace CxSemantic.Compiler.Dialects;

/// <summary>The mutable state of one rendering: the text so far, the parameters, the current indent.</summary>
public sealed class SqlRenderContext
{
    internal SqlRenderContext()
    {
    }

    /// <summary>The text so far.</summary>
    public StringBuilder Sql { get; } = new();

    /// <summary>Parameter values in placeholder order.</summary>
    public List<object?> Parameters { get; } = [];

    /// <summary>The nesting level of the SELECT being written (two spaces each).</summary>
    public int Indent { get; internal set; }
}

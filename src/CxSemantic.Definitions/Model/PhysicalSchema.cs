using System.Collections.Immutable;
using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Definitions.Model;

/// <summary>
/// The warehouse tables and columns definitions are checked against. The host supplies it (from
/// the warehouse's EF Core model), so this project stays independent of the warehouse.
/// </summary>
/// <param name="Tables">Tables by name.</param>
public sealed record PhysicalSchema(ImmutableDictionary<string, PhysicalTable> Tables)
{
    /// <summary>No tables: column references cannot be checked.</summary>
    public static PhysicalSchema Empty { get; } = new(ImmutableDictionary<string, PhysicalTable>.Empty);

    /// <summary>The table called <paramref name="name"/>, if any.</summary>
    public PhysicalTable? FindTable(string name) => Tables.GetValueOrDefault(name);
}

/// <summary>A warehouse table.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Columns">Columns by name.</param>
public sealed record PhysicalTable(string Name, ImmutableDictionary<string, PhysicalColumn> Columns);

/// <summary>A warehouse column with its expression type and, for enumerated text, its allowed values.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">Its type in the expression language.</param>
/// <param name="Nullable">Whether it may be NULL.</param>
/// <param name="AllowedValues">Values a CHECK constraint allows (empty when unconstrained).</param>
public sealed record PhysicalColumn(string Name, ExpressionType Type, bool Nullable, ImmutableArray<string> AllowedValues);

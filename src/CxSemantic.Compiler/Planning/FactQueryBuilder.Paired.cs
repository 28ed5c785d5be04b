using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;

namespace CxSemantic.Compiler.Planning;

/// <summary>The fact query of a paired group comparison.</summary>
internal sealed partial class FactQueryBuilder
{
    /// <summary>The units column holding the pairing key (the interaction).</summary>
    private const string PairKey = "pair_key";

    /// <summary>
    /// Paired differences per cell. Counted units (not excluded, mature) are first averaged per
    /// (cell, interaction), so an interaction with several rows in one group (e.g. several evaluators)
    /// weighs once; then each non-reference group's interaction is joined to the reference group's
    /// interaction of the same period and other dimensions, and the cell aggregates d = value − reference
    /// value as count, Σd and Σd² in the <see cref="FactKind.Moments"/> layout without exclusions (the
    /// cell of the current group names the row). Interactions present in only one group do not pair and
    /// do not count; NULL dimension values never pair.
    /// </summary>
    private FactQuery Paired(PairedGroups pairing, FactKind kind, ImmutableArray<SqlCte> ctes, SqlExpression? constantPeriod, bool tracksMaturity)
    {
        var valueColumn = kind switch
        {
            FactKind.Moments => "v",
            FactKind.Proportion => "num",
            _ => throw QueryMessages.PairedType(_metric.Name, _metric.Type),
        };
        static SqlExpression Col(string? table, string name) => new SqlColumn(table, name);
        static SqlExpression Eq(SqlExpression a, SqlExpression b) => new SqlBinary(SqlBinaryOperator.Equal, a, b);
        static SqlExpression And(SqlExpression a, SqlExpression b) => new SqlBinary(SqlBinaryOperator.And, a, b);

        var counted = ImmutableArray.CreateBuilder<SqlExpression>();
        if (!_metric.Exclusions.IsEmpty)
        {
            counted.Add(Eq(Col(null, "stage"), Zero));
        }

        if (tracksMaturity)
        {
            counted.Add(Eq(Col(null, "mature"), One));
        }

        var cellColumns = new List<string>();
        if (constantPeriod is null)
        {
            cellColumns.Add("period");
        }

        cellColumns.AddRange(Enumerable.Range(0, _plan.GroupBy.Length).Select(i => $"g{i}"));
        var keys = cellColumns.Append(PairKey).Select(c => Col(null, c)).ToImmutableArray();
        var pairUnits = new SqlCte("pair_units", new SqlSelect
        {
            Columns = [.. keys.Select(k => new SqlSelectItem(k, ((SqlColumn)k).Name)), new SqlSelectItem(new SqlAggregate(SqlAggregateName.Average, new SqlToDouble(Col(null, valueColumn))), "v")],
            From = new SqlNamed(Units, Units),
            Where = counted.ToImmutable(),
            GroupBy = keys,
        });

        var group = $"g{pairing.GroupIndex}";
        var reference = new SqlParameter(pairing.Reference);
        var on = cellColumns.Where(c => c != group).Aggregate(
            And(Eq(Col("r", PairKey), Col("c", PairKey)), Eq(Col("r", group), reference)),
            (condition, column) => And(condition, Eq(Col("r", column), Col("c", column))));
        var difference = new SqlBinary(SqlBinaryOperator.Subtract, Col("c", "v"), Col("r", "v"));
        var pairs = new SqlAggregate(SqlAggregateName.Count, difference);
        var groups = cellColumns.Select(c => Col("c", c)).ToImmutableArray();
        var columns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        if (constantPeriod is not null)
        {
            columns.Add(new SqlSelectItem(constantPeriod, "period"));
        }

        columns.AddRange(cellColumns.Select(c => new SqlSelectItem(Col("c", c), c)));
        columns.Add(new SqlSelectItem(pairs, "included"));
        columns.Add(new SqlSelectItem(Zero, "immature"));
        columns.Add(new SqlSelectItem(pairs, "n"));
        columns.Add(new SqlSelectItem(pairs, "cnt"));
        columns.Add(new SqlSelectItem(new SqlAggregate(SqlAggregateName.Sum, difference), "total"));
        columns.Add(new SqlSelectItem(new SqlAggregate(SqlAggregateName.Sum, new SqlBinary(SqlBinaryOperator.Multiply, difference, difference)), "total_sq"));
        var select = new SqlSelect
        {
            With = ctes.Add(pairUnits),
            Columns = columns.ToImmutable(),
            From = new SqlNamed("pair_units", "c"),
            Joins = [new SqlJoin(SqlJoinKind.Inner, new SqlNamed("pair_units", "r"), on)],
            Where = [new SqlBinary(SqlBinaryOperator.NotEqual, Col("c", group), reference)],
            GroupBy = groups,
        };
        return new FactQuery(_metric.Name, select, new FactLayout(_plan.GroupBy.Length, 0, FactKind.Moments, HasVersions: false));
    }
}

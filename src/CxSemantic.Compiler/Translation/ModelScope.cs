using System.Collections.Immutable;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Translation;

/// <summary>
/// The FROM clause of one semantic model: its table under an alias, and the many-to-one joins that
/// expressions reach, added on first use (so a query joins only what it reads). Aliases follow the
/// join path, so a dimension reached through two hops (surveys → interactions → customers) gets its own.
/// </summary>
internal sealed class JoinSet(MetricCatalog catalog, SemanticModel root, string rootAlias)
{
    private readonly MetricCatalog _catalog = catalog;
    private readonly Dictionary<string, (string Alias, SemanticModel Model)> _byPath = new(StringComparer.Ordinal);
    private readonly List<SqlJoin> _joins = [];

    public SemanticModel Root { get; } = root;

    public string RootAlias { get; } = rootAlias;

    public ImmutableArray<SqlJoin> Joins => [.. _joins];

    public SqlSource From => new SqlTable(Root.Table, RootAlias);

    /// <summary>The alias of the model reached by following <paramref name="join"/> from the model at <paramref name="fromAlias"/>.</summary>
    public (string Alias, SemanticModel Model) Follow(string fromAlias, SemanticModel from, string join)
    {
        var path = fromAlias + "." + join;
        if (_byPath.TryGetValue(path, out var known))
        {
            return known;
        }

        var definition = from.Joins.FirstOrDefault(j => j.Model == join)
            ?? throw new InvalidOperationException($"Semantic model '{from.Name}' has no join '{join}'.");
        if (definition.Relationship == Relationship.OneToMany)
        {
            throw new InvalidOperationException($"Join '{join}' of '{from.Name}' is one_to_many; following it would fan out.");
        }

        var target = _catalog.Models[join];
        // Joins of the unit's own table are j_*; other roots (events, labels, related rows in a
        // subquery) prefix their alias, so a subquery never shadows an alias of the outer query.
        var alias = (fromAlias != RootAlias ? fromAlias + "_" : RootAlias == "t0" ? "j_" : RootAlias + "_") + join;
        _byPath[path] = (alias, target);
        SqlExpression on = new SqlConstant(null);
        for (var i = 0; i < definition.On.Length; i++)
        {
            var equal = new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn(alias, definition.References[i]), new SqlColumn(fromAlias, definition.On[i]));
            on = i == 0 ? equal : new SqlBinary(SqlBinaryOperator.And, on, equal);
        }

        if (definition.Condition?.Syntax is { } condition)
        {
            var scope = new PhysicalScope(this, from, fromAlias, onlyJoin: (join, alias, target));
            on = new SqlBinary(SqlBinaryOperator.And, on, new ExpressionTranslator(scope).Condition(condition));
        }

        _joins.Add(new SqlJoin(SqlJoinKind.Left, new SqlTable(target.Table, alias), on));
        return (alias, target);
    }

    /// <summary>
    /// Makes <paramref name="join"/> from the model at <paramref name="fromAlias"/> read the row already in scope
    /// under <paramref name="alias"/> instead of joining <paramref name="model"/>'s table again.
    /// </summary>
    public void Bind(string fromAlias, string join, string alias, SemanticModel model) => _byPath[fromAlias + "." + join] = (alias, model);

    public PhysicalTable? TableOf(SemanticModel model) => _catalog.Schema.FindTable(model.Table);

    public MetricCatalog Catalog => _catalog;
}

/// <summary>
/// Names in dimension, measure and join-condition expressions: physical columns of the model's
/// table, or <c>join.column</c> of a many-to-one joined table.
/// </summary>
internal sealed class PhysicalScope(JoinSet joins, SemanticModel model, string alias, (string Join, string Alias, SemanticModel Model)? onlyJoin = null) : INameResolver
{
    public SqlValue Resolve(ColumnReference reference)
    {
        if (reference.Path.Length == 2)
        {
            var (joinAlias, target) = onlyJoin is { } only && only.Join == reference.Path[0]
                ? (only.Alias, only.Model)
                : joins.Follow(alias, model, reference.Path[0]);
            return Column(target, joinAlias, reference.Path[1]);
        }

        return Column(model, alias, reference.Path[0]);
    }

    private SqlValue Column(SemanticModel owner, string ownerAlias, string column)
    {
        var type = joins.TableOf(owner)?.Columns.GetValueOrDefault(column)?.Type ?? ExpressionType.Unknown;
        return new SqlValue(new SqlColumn(ownerAlias, column), type);
    }
}

/// <summary>
/// The range the starts of the units a statement reads lie in, [<paramref name="From"/>, <paramref name="To"/>)
/// (an end left open when null): the query's window, or the contacts a stitching scans.
/// </summary>
/// <param name="From">No unit read starts before it.</param>
/// <param name="To">Every unit read starts before it.</param>
internal sealed record UnitStarts(Instant? From, Instant? To);

/// <summary>
/// Names a metric's filters and a query's dimensions use on a semantic-model unit: the model's
/// dimensions (through <c>via</c> joins), its columns, and <c>join.dimension</c>.
/// </summary>
/// <param name="joins">The FROM clause the names add their joins to.</param>
/// <param name="model">The unit's model.</param>
/// <param name="alias">The unit's alias.</param>
/// <param name="starts">Where the starts of the units read lie, when the statement bounds them; null: anywhere.</param>
internal sealed class ModelScope(JoinSet joins, SemanticModel model, string alias, UnitStarts? starts = null) : INameResolver
{
    public SemanticModel Model => model;

    public SqlValue Resolve(ColumnReference reference) => Resolve(reference.Path);

    public SqlValue Resolve(ImmutableArray<string> path)
    {
        if (path.Length == 2 && model.Joins.Any(j => j.Model == path[0]))
        {
            var (joinAlias, target) = joins.Follow(alias, model, path[0]);
            return new ModelScope(joins, target, joinAlias).Resolve([path[1]]);
        }

        var name = string.Join('.', path);
        if (model.FindDimension(name) is { } dimension)
        {
            return Dimension(dimension);
        }

        return new PhysicalScope(joins, model, alias).Resolve(new ColumnReference(default, path));
    }


    private SqlValue Dimension(Dimension dimension)
    {
        if (dimension.Via is { } via)
        {
            var (joinAlias, target) = joins.Follow(alias, model, via.Join);
            return new ModelScope(joins, target, joinAlias).Resolve([via.Dimension]);
        }

        if (dimension.Related is { } related)
        {
            return Related(dimension.Name, related);
        }

        return new ExpressionTranslator(new PhysicalScope(joins, model, alias)).Value(dimension.Expression!.Syntax!);
    }

    /// <summary>
    /// A related fact as a correlated subquery over the related rows that point at this unit through
    /// their many-to-one join (engines decorrelate it into one grouped join): a count, or EXISTS.
    /// </summary>
    private SqlValue Related(string name, RelatedFact related)
    {
        var target = joins.Catalog.Models[related.Model];
        var back = target.Joins.First(j => j.Model == model.Name && j.Relationship != Relationship.OneToMany);
        var relatedAlias = $"{alias}_r_{name}";
        var relatedJoins = new JoinSet(joins.Catalog, target, relatedAlias);
        if (back.Condition is null)
        {
            // The related rows' own join back to the unit reaches the unit's row (the subquery equates their keys,
            // which a many-to-one join makes unique), so a condition reading through it (a complaint's contact's
            // intent) reads the outer row: joining the unit's table again would read all of it for every query.
            relatedJoins.Bind(relatedAlias, back.Model, alias, model);
        }

        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        for (var i = 0; i < back.On.Length; i++)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn(relatedAlias, back.On[i]), new SqlColumn(alias, back.References[i])));
        }

        if (related.Within is { } within)
        {
            SqlExpression unitStart = new SqlColumn(alias, model.TimeColumn!);
            SqlExpression relatedTime = new SqlColumn(relatedAlias, target.TimeColumn!);
            where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, relatedTime, unitStart));
            where.Add(new SqlBinary(SqlBinaryOperator.LessOrEqual, relatedTime, new SqlAddDuration(unitStart, within.Duration)));

            // The same bounds with the units' range for their start: implied, so they change no value, but constant,
            // so the engine skips the related rows outside them by storage (zone maps, an index) instead of reading
            // the whole history for the units of a month or of a refresh's last weeks.
            if (starts?.From is { } from)
            {
                where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, relatedTime, new SqlInstant(from)));
            }

            if (starts?.To is { } to)
            {
                where.Add(new SqlBinary(SqlBinaryOperator.Less, relatedTime, new SqlInstant(to + within.Duration)));
            }
        }

        if (related.Where?.Syntax is { } condition)
        {
            where.Add(new ExpressionTranslator(new ModelScope(relatedJoins, target, relatedAlias)).Condition(condition));
        }

        // Joins are read after the condition is translated: it adds the ones it follows.
        var rows = new SqlSelect
        {
            Columns = [new SqlSelectItem(related.Aggregation == RelatedAggregation.Count ? new SqlAggregate(SqlAggregateName.Count, null) : new SqlConstant(1), "x")],
            From = relatedJoins.From,
            Joins = relatedJoins.Joins,
            Where = where.ToImmutable(),
        };
        return related.Aggregation == RelatedAggregation.Count
            ? new SqlValue(new SqlScalarSubquery(rows), ExpressionType.Integer)
            : SqlValue.Condition(new SqlExists(rows));
    }
}

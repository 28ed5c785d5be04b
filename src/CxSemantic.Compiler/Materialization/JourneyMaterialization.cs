using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Translation;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Materialization;

/// <summary>A table a materialization reads, and the column that times its rows (null: counted whole).</summary>
/// <param name="Table">The warehouse table.</param>
/// <param name="TimeColumn">Its time column, when new rows can be told from old ones by time.</param>
public sealed record SourceTable(string Table, string? TimeColumn);

/// <summary>
/// The SQL of one journey definition's materialized table: every journey over the whole history, one row
/// each — identity keys (<c>k0…</c>), <c>journey_start</c>, <c>journey_last_at</c>, the first contact's key
/// (<c>journey_pk0…</c>; with the identity and start, the journey's id), every attribute and every dimension of
/// the source model at the first contact. It is written by the very stitching queries use
/// (<see cref="JourneyScope"/>), so a query reads from the table exactly what it would stitch. The table is
/// named by a hash of that SQL (the definition, the source model and every join it reads), so a changed
/// definition never reads an old table.
/// </summary>
public sealed class JourneyMaterialization
{
    /// <summary>The registry's <c>kind</c> of journey materializations.</summary>
    public const string Kind = "journeys";

    /// <summary>Bumped when the table's layout changes, so older tables are rebuilt.</summary>
    private const string LayoutVersion = "cxsem-journeys/1";

    private const string Touched = "_touched";
    private const string Affected = "_affected";
    private const string Frontier = "f";

    private readonly MetricCatalog _catalog;
    private readonly SemanticModel _model;
    private readonly SqlRenderer _renderer;
    private readonly SqlDialectKind _dialect;
    private readonly SqlSelect _build;

    private JourneyMaterialization(MetricCatalog catalog, Journey journey, SqlDialectKind dialect)
    {
        _catalog = catalog;
        Journey = journey;
        _model = catalog.Models[journey.From];
        _renderer = SqlRenderer.For(dialect);
        _dialect = dialect;
        Names = JourneyScope.MaterializedNames(_model, journey);
        var scope = Scope();
        _build = Select(scope, new JourneyScan(Materialize: true), affected: null);
        DefinitionHash = Hash(_build);
        TableName = "cxsem_journeys_" + DefinitionHash[..16];
        Reads = SourceTables(scope);
    }

    /// <summary>The materialization of <paramref name="journey"/> for a database speaking <paramref name="dialect"/>.</summary>
    public static JourneyMaterialization For(MetricCatalog catalog, Journey journey, SqlDialectKind dialect)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(journey);
        return new JourneyMaterialization(catalog, journey, dialect);
    }

    /// <summary>Every journey definition of <paramref name="catalog"/> whose source model has a time column.</summary>
    public static ImmutableArray<JourneyMaterialization> All(MetricCatalog catalog, SqlDialectKind dialect)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Journeys.Values.Where(j => catalog.Models[j.From].TimeColumn is not null).Select(j => For(catalog, j, dialect))];
    }

    /// <summary>The journey definition.</summary>
    public Journey Journey { get; }

    /// <summary>The table holding the journeys: <c>cxsem_journeys_</c> and 16 hex digits of <see cref="DefinitionHash"/>.</summary>
    public string TableName { get; }

    /// <summary>SHA-256 (hex) of the layout version and the SQL that builds the table (DuckDB text, parameters included).</summary>
    public string DefinitionHash { get; }

    /// <summary>The attribute and dimension columns, in table order (after the key, start and id columns).</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>
    /// Every table the journeys read: the contacts (timed), related facts (timed when their model has a time), and
    /// joined tables (counted whole). Refresh compares their row counts to tell appends from other changes.
    /// </summary>
    public ImmutableArray<SourceTable> Reads { get; }

    /// <summary>The SELECT of every journey over the whole history.</summary>
    public SqlText BuildSelect() => _renderer.Render(_build);

    /// <summary><c>CREATE TABLE <paramref name="table"/> AS</c> the journeys over the whole history.</summary>
    public SqlText CreateTable(string table) => Prefixed($"CREATE TABLE {table} AS ", BuildSelect());

    /// <summary>
    /// The journeys over the whole history in <paramref name="slices"/> statements: the first creates
    /// <paramref name="table"/> with the journeys of the identities hashing to slice 0, each next one inserts
    /// another slice's. Together they write exactly the rows of <see cref="CreateTable"/> (a journey's contacts
    /// share its identity, so every journey is stitched whole in one slice), but each sorts only its slice's
    /// contacts: at hundreds of millions of contacts one sort of everything spills more than a disk holds.
    /// </summary>
    public ImmutableArray<SqlText> CreateTableInSlices(string table, int slices)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        if (slices == 1)
        {
            return [CreateTable(table)];
        }

        var statements = ImmutableArray.CreateBuilder<SqlText>(slices);
        for (var slice = 0; slice < slices; slice++)
        {
            var scope = Scope();

            // A NULL bucket (a dialect hashing NULL keys to NULL) belongs to slice 0, so no contact is left out.
            var bucket = new SqlFunction(SqlFunctionName.Coalesce, [new SqlHashBucket(scope.IdentityKeys(), slices), new SqlConstant(0)]);
            var select = _renderer.Render(Select(scope, new JourneyScan(Materialize: true, Slice: new SqlBinary(SqlBinaryOperator.Equal, bucket, new SqlConstant(slice))), affected: null));
            statements.Add(Prefixed(slice == 0 ? $"CREATE TABLE {table} AS " : $"INSERT INTO {table} ", select));
        }

        return statements.MoveToImmutable();
    }

    /// <summary>
    /// The rows of <paramref name="table"/> older than each of <paramref name="watermarks"/> (all of them when
    /// untimed): one row, one column per watermark — a refresh compares the counts at the previous watermark and
    /// records those at the new one, and at hundreds of millions of related facts a whole-table read costs seconds.
    /// </summary>
    /// <remarks>
    /// On DuckDB a timed table is counted as all rows, minus those without a time, minus those at or after the
    /// watermark: DuckDB counts a table's rows from its row groups' metadata, knows from a column's statistics when it
    /// has no NULLs, and reads the rows at or after the earliest watermark through a filter its zone maps prune to the
    /// row groups of that range — in a table stored in time order (appended by day), the last few. Elsewhere
    /// <c>count(*)</c> reads the table anyway, so one scan counts every watermark with a filter each.
    /// </remarks>
    public SqlText CountRows(SourceTable table, ImmutableArray<Instant> watermarks)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfZero(watermarks.Length);
        var time = table.TimeColumn is { } column ? new SqlColumn("x", column) : null;
        SqlExpression Count(SqlExpression? filter) => new SqlAggregate(SqlAggregateName.Count, null, Filter: filter);
        SqlExpression CountOf(SqlExpression? where) => new SqlScalarSubquery(new SqlSelect
        {
            Columns = [new SqlSelectItem(Count(null), "n")],
            From = new SqlTable(table.Table, "x"),
            Where = where is null ? [] : [where],
        });
        if (time is null || _dialect != SqlDialectKind.DuckDb)
        {
            return _renderer.Render(new SqlSelect
            {
                Columns = [.. watermarks.Select((w, i) => new SqlSelectItem(
                    Count(time is null ? null : new SqlBinary(SqlBinaryOperator.Less, time, new SqlInstant(w))), ColumnName(i)))],
                From = new SqlTable(table.Table, "x"),
            });
        }

        var timeNullable = _catalog.Schema.FindTable(table.Table)?.Columns.GetValueOrDefault(time.Name)?.Nullable ?? true;
        var before = timeNullable
            ? new SqlBinary(SqlBinaryOperator.Subtract, CountOf(null), CountOf(new SqlIsNull(time, Negated: false)))
            : CountOf(null);
        return _renderer.Render(new SqlSelect
        {
            Columns = [.. watermarks.Select((w, i) => new SqlSelectItem(
                new SqlBinary(SqlBinaryOperator.Subtract, before, Count(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, time, new SqlInstant(w)))),
                ColumnName(i)))],
            From = new SqlTable(table.Table, "x"),
            Where = [new SqlBinary(SqlBinaryOperator.GreaterOrEqual, time, new SqlInstant(watermarks.Min()))],
        });

        static string ColumnName(int i) => "n" + i.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The first step of bringing the table from the data as of <paramref name="previousWatermark"/> to the data now,
    /// given that every row added since is timed at or after <paramref name="previousWatermark"/> (the caller checks
    /// it by counting the older rows; otherwise it rebuilds): scratch tables of the contacts the new rows touch and of
    /// their identities, each with its frontier. They are nobody's until <see cref="ApplyChanges"/>, which drops them,
    /// so they commit on their own; a refresh interrupted between the steps leaves them, and the next one drops them
    /// first.
    /// </summary>
    /// <remarks>
    /// Why only these journeys change. Let W be the previous watermark and H the horizon, and call a contact
    /// <em>touched</em> when it is new (timed at or after W) or a related fact timed at or after W points at it (and,
    /// where every dimension reading those facts counts only facts within a window after the contact, lies in that
    /// window: other facts change no contact's values). For
    /// an identity, let f be its earliest touched contact's time; identities without one are unchanged (their
    /// contacts, joined rows and related facts are all as before). For the others:
    /// <list type="number">
    /// <item>Its contacts before f are unchanged (every new contact of it is touched, so none is before f), and so is
    /// which of them start a journey: a contact starts one when its predecessor is more than the window earlier, and
    /// its predecessor is before it.</item>
    /// <item>A journey starting at s ≤ f − H reads only contacts before s + H ≤ f, with unchanged values (a contact
    /// whose related facts changed is touched, hence at or after f). Its last read contact still ends it: what
    /// follows is a start, or a contact at or after its horizon — a new contact is at or after f ≥ s + H. So it
    /// cannot change — in particular no journey that started more than H (plus the look-ahead of windowed related
    /// facts, which is where f falls before W) before W, and no journey a new contact merely continues past its
    /// horizon (a new contact within the window of an old one continues that journey, so it starts none).</item>
    /// <item>Journeys starting at or after f − H are recomputed from the identity's contacts from f − H − window on:
    /// exactly the bounds of query-time stitching, which decide every start at or after f − H correctly (a
    /// predecessor not read is more than the window earlier), so the recomputed journeys equal a full rebuild's.</item>
    /// </list>
    /// These statements: the touched contacts' identities and times; per identity the frontier f.
    /// </remarks>
    public ImmutableArray<SqlText> CollectChanges(string table, Instant previousWatermark)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        var touched = table + Touched;
        var affected = table + Affected;
        var statements = ImmutableArray.CreateBuilder<SqlText>();
        statements.Add(MaterializationRegistry.DropTable(touched));
        statements.Add(MaterializationRegistry.DropTable(affected));

        // New contacts, then the contacts new related facts point at.
        statements.Add(Prefixed($"CREATE TABLE {touched} AS ", TouchedContacts(null, previousWatermark)));
        foreach (var related in RelatedModels().Where(r => r.TimeColumn is not null))
        {
            statements.Add(Prefixed($"INSERT INTO {touched} ", TouchedContacts(related, previousWatermark)));
        }

        var keyColumns = KeyColumns("x");
        statements.Add(Prefixed($"CREATE TABLE {affected} AS ", _renderer.Render(new SqlSelect
        {
            Columns = [.. keyColumns.Select((k, i) => new SqlSelectItem(k, JourneyScope.KeyPrefix + i)), new SqlSelectItem(new SqlAggregate(SqlAggregateName.Min, new SqlColumn("x", Frontier)), Frontier)],
            From = new SqlTable(touched, "x"),
            GroupBy = keyColumns,
        })));
        return statements.ToImmutable();
    }

    /// <summary>
    /// The earliest frontier <see cref="CollectChanges"/> found (one row, one column; NULL when nothing changed): what
    /// <see cref="ApplyChanges"/> reads from.
    /// </summary>
    public SqlText EarliestChange(string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        return _renderer.Render(new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlAggregate(SqlAggregateName.Min, new SqlColumn("a", Frontier)), Frontier)],
            From = new SqlTable(table + Affected, "a"),
        });
    }

    /// <summary>
    /// The second step, run in one transaction with the registry update: delete every affected identity's journeys
    /// starting at or after its frontier − H, insert the recomputed ones, and drop the scratch tables.
    /// <paramref name="earliestChange"/> is <see cref="EarliestChange"/>'s answer (null: nothing changed, so only the
    /// scratch tables go).
    /// </summary>
    /// <remarks>
    /// The re-stitch reads each affected identity's contacts from its own frontier − H − window, and besides from
    /// <paramref name="earliestChange"/> − H − window as a constant: the same rows, but a bound the engine can skip
    /// storage by (DuckDB's zone maps, an index on the time column), where the per-identity bound is a join condition
    /// it can only test row by row — without it each refresh scans the whole history. The DELETE is bounded the same
    /// way (journeys starting at or after <paramref name="earliestChange"/> − H); the table is stored in start order,
    /// so it reads the last weeks' journeys rather than every key of the history.
    /// </remarks>
    public ImmutableArray<SqlText> ApplyChanges(string table, Instant? earliestChange)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        var touched = table + Touched;
        var affected = table + Affected;
        var statements = ImmutableArray.CreateBuilder<SqlText>();
        if (earliestChange is { } earliest)
        {
            var exists = _renderer.Render(new SqlSelect
            {
                Columns = [new SqlSelectItem(new SqlConstant(1), "one")],
                From = new SqlTable(affected, "a"),
                Where = [.. SameIdentity(table, "a"), StartsFrom(new SqlColumn(table, JourneyScope.StartColumn), Journey.Horizon.Duration)],
            });
            var horizon = Journey.Horizon.Duration;
            statements.Add(exists with
            {
                Text = $"DELETE FROM {table} WHERE {JourneyScope.StartColumn} >= {_renderer.Literal(earliest - horizon)} AND EXISTS ({exists.Text})",
            });

            var lookBack = horizon + Journey.Window.Duration;
            var scope = Scope(new UnitStarts(earliest - lookBack, null));
            var time = new SqlColumn("t0", _model.TimeColumn!);
            var identities = new SqlJoin(
                SqlJoinKind.Inner,
                new SqlTable(affected, "a"),
                And([.. scope.IdentityKeys().Select((k, i) => (SqlExpression)new SqlBinary(SqlBinaryOperator.NotDistinct, k, new SqlColumn("a", JourneyScope.KeyPrefix + i))),
                    StartsFrom(time, lookBack)]));
            var scan = new JourneyScan(identities, Materialize: true);
            statements.Add(Prefixed($"INSERT INTO {table} ", _renderer.Render(Select(scope, scan, affected))));
        }

        statements.Add(new SqlText($"DROP TABLE {touched}", []));
        statements.Add(new SqlText($"DROP TABLE {affected}", []));
        return statements.ToImmutable();
    }

    /// <summary>A fresh stitching scope over the source model with every materialized name resolved.</summary>
    /// <param name="contacts">Where the starts of the contacts it will scan lie; null: anywhere.</param>
    private JourneyScope Scope(UnitStarts? contacts = null)
    {
        var scope = new JourneyScope(_catalog, _model, Journey, contacts);
        foreach (var name in Names)
        {
            scope.Resolve(new ColumnReference(default, [name]));
        }

        return scope;
    }

    /// <summary>The journeys' columns from the stitching CTEs; refreshing, only those at or after their identity's frontier − H.</summary>
    private SqlSelect Select(JourneyScope scope, JourneyScan scan, string? affected)
    {
        var ctes = scope.BuildCtes(scan);
        var columns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        columns.AddRange(Journey.Identity.Select((_, i) => Column("j", JourneyScope.KeyPrefix + i)));
        columns.Add(Column("j", JourneyScope.StartColumn));
        columns.Add(Column("j", JourneyScope.LastContactColumn));
        columns.AddRange(_model.PrimaryKey.Select((_, i) => Column("j", JourneyScope.FirstContactKeyPrefix + i)));
        columns.AddRange(Names.Select(n => Column("j", n)));
        return new SqlSelect
        {
            With = ctes,
            Columns = columns.ToImmutable(),
            From = new SqlNamed("journeys", "j"),
            Joins = affected is null ? [] : [new SqlJoin(SqlJoinKind.Inner, new SqlTable(affected, "a"), And([.. SameIdentity("j", "a")]))],
            Where = affected is null ? [] : [StartsFrom(new SqlColumn("j", JourneyScope.StartColumn), Journey.Horizon.Duration)],

            // Stored in start order, so a bound on the start skips storage (DuckDB's zone maps): the refresh's
            // DELETE reads only the journeys of the last weeks, and so do queries of a recent period.
            OrderBy = [(new SqlColumn("j", JourneyScope.StartColumn), false)],
        };
    }

    /// <summary>Identity and time of contacts timed at or after the watermark, or pointed at by related facts that are.</summary>
    private SqlText TouchedContacts(SourceTable? related, Instant previousWatermark)
    {
        var scope = new JourneyScope(_catalog, _model, Journey);
        var keys = scope.IdentityKeys();
        SqlExpression contactTime = new SqlColumn("t0", _model.TimeColumn!);
        var joins = scope.Joins.Joins;
        var watermark = new SqlInstant(previousWatermark);
        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        if (related is null)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, contactTime, watermark));
        }
        else
        {
            var model = _catalog.Models.Values.First(m => m.Table == related.Table);
            var back = model.Joins.First(j => j.Model == _model.Name && j.Relationship != Relationship.OneToMany);
            joins = joins.Add(new SqlJoin(
                SqlJoinKind.Inner,
                new SqlTable(related.Table, "r"),
                And([.. back.On.Select((on, i) => (SqlExpression)new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("r", on), new SqlColumn("t0", back.References[i])))])));
            SqlExpression factTime = new SqlColumn("r", related.TimeColumn!);
            where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, factTime, watermark));
            var windows = _model.Dimensions
                .Where(d => d.Related is { } r && _catalog.Models[r.Model].Table == related.Table)
                .Select(d => d.Related!.Within)
                .ToList();
            if (windows.All(w => w is not null))
            {
                // Every dimension reading these facts counts only those within a window after the contact, so a
                // fact outside it changes no contact: one at or after the watermark touches only contacts started
                // within the window before it (bounded by a constant too, which the engine skips storage by).
                var within = windows.Select(w => w!.Duration).Aggregate(Duration.Max);
                where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, factTime, contactTime));
                where.Add(new SqlBinary(SqlBinaryOperator.LessOrEqual, factTime, new SqlAddDuration(contactTime, within)));
                where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, contactTime, new SqlInstant(previousWatermark - within)));
            }
        }

        return _renderer.Render(new SqlSelect
        {
            Columns = [.. keys.Select((k, i) => new SqlSelectItem(k, JourneyScope.KeyPrefix + i)), new SqlSelectItem(contactTime, Frontier)],
            From = scope.Joins.From,
            Joins = joins,
            Where = where.ToImmutable(),
        });
    }

    /// <summary>The related-fact models the source model's dimensions read, with their time columns.</summary>
    private IEnumerable<SourceTable> RelatedModels() =>
        _model.Dimensions
            .Where(d => d.Related is not null)
            .Select(d => _catalog.Models[d.Related!.Model])
            .DistinctBy(m => m.Table)
            .Select(m => new SourceTable(m.Table, m.TimeColumn));

    private ImmutableArray<SourceTable> SourceTables(JourneyScope scope)
    {
        var related = RelatedModels().ToImmutableArray();
        var timed = related.Select(r => r.Table).Append(_model.Table).ToHashSet(StringComparer.Ordinal);
        var relatedJoins = _model.Dimensions
            .Where(d => d.Related is not null)
            .SelectMany(d => _catalog.Models[d.Related!.Model].Joins)
            .Where(j => j.Relationship != Relationship.OneToMany)
            .Select(j => _catalog.Models[j.Model].Table);
        var joined = scope.Joins.Joins.Select(j => ((SqlTable)j.Source).Name)
            .Concat(relatedJoins)
            .Where(t => !timed.Contains(t))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(t => new SourceTable(t, null));
        return [new SourceTable(_model.Table, _model.TimeColumn), .. related.OrderBy(r => r.Table, StringComparer.Ordinal), .. joined];
    }

    private ImmutableArray<SqlExpression> KeyColumns(string alias) =>
        [.. Journey.Identity.Select((_, i) => (SqlExpression)new SqlColumn(alias, JourneyScope.KeyPrefix + i))];

    private IEnumerable<SqlExpression> SameIdentity(string left, string right) =>
        Journey.Identity.Select((_, i) => (SqlExpression)new SqlBinary(
            SqlBinaryOperator.NotDistinct,
            new SqlColumn(left, JourneyScope.KeyPrefix + i),
            new SqlColumn(right, JourneyScope.KeyPrefix + i)));

    /// <summary><paramref name="time"/> is at or after the affected identity's frontier minus <paramref name="before"/>.</summary>
    private static SqlExpression StartsFrom(SqlExpression time, Duration before) =>
        new SqlBinary(SqlBinaryOperator.GreaterOrEqual, time, new SqlAddDuration(new SqlColumn("a", Frontier), -before));

    private static SqlExpression And(ImmutableArray<SqlExpression> conditions) =>
        conditions.Skip(1).Aggregate(conditions[0], (all, next) => new SqlBinary(SqlBinaryOperator.And, all, next));

    private static SqlSelectItem Column(string alias, string name) => new(new SqlColumn(alias, name), name);

    private static SqlText Prefixed(string prefix, SqlText select) => select with { Text = prefix + select.Text };

    private static string Hash(SqlSelect build)
    {
        var text = SqlRenderer.For(SqlDialectKind.DuckDb).Render(build);
        var content = new StringBuilder(LayoutVersion).Append('\n').Append(text.Text);
        foreach (var parameter in text.Parameters)
        {
            content.Append('\n').Append(Convert.ToString(parameter, CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())));
    }
}

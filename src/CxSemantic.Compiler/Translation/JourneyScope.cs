using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Sql;
using CxSemantic.Definitions.Expressions;
using CxSemantic.Definitions.Model;
using NodaTime;

namespace CxSemantic.Compiler.Translation;

/// <summary>
/// Names on a journey unit — its attributes, and its source model's dimensions at the journey's
/// first contact — resolved to columns of the <c>journeys</c> CTE. Only the names a query uses are
/// computed. <see cref="BuildCtes(JourneyScan)"/> then writes the stitching: contacts per identity in time order,
/// a new journey when the gap since the previous contact exceeds the window, attributes per journey.
/// A journey's first and last contacts are flagged in that same identity order (the contact that
/// starts it, and the one the next journey's start follows), so no sort per journey is needed.
/// </summary>
internal sealed class JourneyScope : INameResolver
{
    public const string StartColumn = "journey_start";

    /// <summary>A materialized journey's last contact time (within its horizon).</summary>
    public const string LastContactColumn = "journey_last_at";

    /// <summary>Prefix of a materialized journey's first-contact key columns (with the identity and start, its id).</summary>
    public const string FirstContactKeyPrefix = "journey_pk";

    /// <summary>Prefix of the identity key columns (one per identity dimension, in order).</summary>
    public const string KeyPrefix = "k";

    private readonly SemanticModel _model;
    private readonly Journey _journey;
    private readonly JoinSet _joins;
    private readonly UnitStarts? _contacts;
    private readonly ModelScope _contact;
    private readonly Dictionary<string, (SqlValue Value, SqlSelectItem Contact, SqlExpression Aggregate)> _columns = new(StringComparer.Ordinal);

    private const string StartsJourney = "starts_journey";
    private const string EndsJourney = "ends_journey";
    private const string JourneyStartTime = "journey_start_t";
    private static readonly SqlExpression One = new SqlConstant(1);
    private static readonly SqlExpression Zero = new SqlConstant(0);

    // Flagging the last contacts is one more window over every contact: only when some column reads it.
    private bool _needsLast;

    /// <param name="catalog">The catalog.</param>
    /// <param name="model">The contacts' model.</param>
    /// <param name="journey">The journey definition.</param>
    /// <param name="contacts">
    /// The contacts the stitching scans (<see cref="BuildCtes(JourneyScan)"/>): from (inclusive) and to (exclusive)
    /// their start; null: all. Related facts within a window after a contact are bounded by it too.
    /// </param>
    public JourneyScope(MetricCatalog catalog, SemanticModel model, Journey journey, UnitStarts? contacts = null)
    {
        _model = model;
        _journey = journey;
        _contacts = contacts;
        _joins = new JoinSet(catalog, model, "t0");
        _contact = new ModelScope(_joins, model, "t0", contacts);
    }

    public SqlValue Resolve(ColumnReference reference)
    {
        var name = reference.Name;
        if (_columns.TryGetValue(name, out var known))
        {
            return known.Value;
        }

        var column = new SqlColumn("u", name);
        var contactColumn = "c_" + name;
        SqlValue value;
        SqlSelectItem contact;
        SqlExpression aggregate;
        if (_journey.Attributes.FirstOrDefault(a => a.Name == name) is { } attribute)
        {
            var translated = attribute.Expression?.Syntax is { } syntax
                ? new ExpressionTranslator(_contact).Value(syntax)
                : new SqlValue(new SqlConstant(1), ExpressionType.Integer);
            foreach (var read in attribute.Expression?.Syntax is { } refs ? ExpressionColumns.ReferencedNames(refs) : [])
            {
                ReadsAhead(read);
            }

            var boolean = translated.Type == ExpressionType.Boolean || attribute.Aggregation is JourneyAggregation.Any or JourneyAggregation.All;
            contact = new SqlSelectItem(boolean ? ExpressionTranslator.ToInt(translated) : translated.Sql, contactColumn);
            SqlExpression perContact = new SqlColumn(null, contactColumn);
            aggregate = attribute.Aggregation switch
            {
                JourneyAggregation.First => AtContact(StartsJourney, perContact),
                JourneyAggregation.Last => AtLastContact(perContact),
                JourneyAggregation.Count when attribute.Expression is null => new SqlAggregate(SqlAggregateName.Count, null),
                JourneyAggregation.Count => new SqlAggregate(SqlAggregateName.Count, perContact),
                JourneyAggregation.Sum when translated.Type == ExpressionType.Integer => new SqlAggregate(SqlAggregateName.IntegerSum, perContact),
                JourneyAggregation.Sum => new SqlAggregate(SqlAggregateName.Sum, perContact),
                JourneyAggregation.Min or JourneyAggregation.All => new SqlAggregate(SqlAggregateName.Min, perContact),
                _ => new SqlAggregate(SqlAggregateName.Max, perContact),
            };
            var type = attribute.Aggregation switch
            {
                JourneyAggregation.Count => ExpressionType.Integer,
                JourneyAggregation.Any or JourneyAggregation.All => ExpressionType.Boolean,
                _ => translated.Type,
            };
            value = new SqlValue(column, type, IntBoolean: boolean);
        }
        else
        {
            // A dimension of the source model, at the journey's first contact.
            var translated = ExpressionTranslator.ToValue(_contact.Resolve(reference.Path));
            ReadsAhead(name);
            var boolean = translated.Type == ExpressionType.Boolean;
            contact = new SqlSelectItem(boolean ? ExpressionTranslator.ToInt(translated) : translated.Sql, contactColumn);
            aggregate = AtContact(StartsJourney, new SqlColumn(null, contactColumn));
            value = new SqlValue(column, translated.Type, IntBoolean: boolean);
        }

        _columns[name] = (value, contact, aggregate);
        return value;
    }

    /// <summary>
    /// The longest look-ahead of the windowed related facts (e.g. a complaint within 7 days of a contact)
    /// that the resolved attributes read: a journey is mature once its horizon plus this has passed.
    /// </summary>
    public Duration LookAhead { get; private set; } = Duration.Zero;

    /// <summary>
    /// The stitching CTEs over the contacts of the scope's range (for a query: window start − journey window
    /// to window end + horizon, since nothing else is in the view of a journey that starts inside the window).
    /// </summary>
    public ImmutableArray<SqlCte> BuildCtes() => BuildCtes(new JourneyScan());

    /// <summary>
    /// The stitching CTEs over the contacts of the scope's range that <paramref name="scan"/> selects. A
    /// materialization scans every contact (or, refreshing, the contacts of the identities it recomputes) and keeps
    /// each journey's first contact's key and last contact time beside the attributes.
    /// </summary>
    internal ImmutableArray<SqlCte> BuildCtes(JourneyScan scan)
    {
        var time = new SqlColumn("t0", _model.TimeColumn!);
        var keys = IdentityKeys();
        var keyColumns = keys.Select((_, i) => (SqlExpression)new SqlColumn(null, KeyPrefix + i)).ToImmutableArray();
        var pkOrder = _model.PrimaryKey.Select(k => ((SqlExpression)new SqlColumn("t0", k), false));
        var contactColumns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        contactColumns.Add(new SqlSelectItem(time, "t"));
        for (var i = 0; i < _model.PrimaryKey.Length; i++)
        {
            contactColumns.Add(new SqlSelectItem(new SqlColumn("t0", _model.PrimaryKey[i]), $"pk{i}"));
        }

        contactColumns.AddRange(keys.Select((k, i) => new SqlSelectItem(k, KeyPrefix + i)));
        contactColumns.Add(new SqlSelectItem(new SqlWindow(SqlWindowName.Lag, time, keys, [(time, false), .. pkOrder]), "previous_t"));

        // A contact expression mentioned twice (an attribute over a dimension also kept at the first contact, e.g.
        // contradicted over contradicted_within_7d) is computed once and copied in the next step: engines evaluate
        // a related fact's subquery once per mention.
        var computed = new Dictionary<string, string>(StringComparer.Ordinal);
        var copies = ImmutableArray.CreateBuilder<SqlSelectItem>();
        foreach (var contact in _columns.Values.Select(c => c.Contact))
        {
            var key = ExpressionKey(contact.Expression);
            if (computed.TryGetValue(key, out var first))
            {
                copies.Add(new SqlSelectItem(new SqlColumn(null, first), contact.Alias));
            }
            else
            {
                computed.Add(key, contact.Alias);
                contactColumns.Add(contact);
            }
        }

        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        if (_contacts?.From is { } from)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.GreaterOrEqual, time, new SqlInstant(from)));
        }

        if (_contacts?.To is { } to)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.Less, time, new SqlInstant(to)));
        }

        if (scan.Slice is { } slice)
        {
            where.Add(slice);
        }

        var contacts = new SqlSelect
        {
            Columns = contactColumns.ToImmutable(),
            From = _joins.From,
            Joins = scan.Identities switch
            {
                null => _joins.Joins,

                // Restricting to the identities first, the dimension joins (customers, agents, cost rates) read only
                // their contacts: the engine keeps the written order of inner joins after outer ones, and at 100M the
                // joins before the restriction took half of an incremental re-stitch.
                { } identities when IdentityReadsContactOnly() => [identities, .. _joins.Joins],
                { } identities => _joins.Joins.Add(identities),
            },
            Where = where.ToImmutable(),
        };

        // A contact starts a journey after a gap longer than the window, or when its identity is incomplete.
        SqlExpression startsJourney = new SqlBinary(
            SqlBinaryOperator.Or,
            new SqlIsNull(new SqlColumn(null, "previous_t"), Negated: false),
            new SqlBinary(SqlBinaryOperator.Greater, new SqlColumn(null, "t"), new SqlAddDuration(new SqlColumn(null, "previous_t"), _journey.Window.Duration)));
        foreach (var key in keyColumns)
        {
            startsJourney = new SqlBinary(SqlBinaryOperator.Or, startsJourney, new SqlIsNull(key, Negated: false));
        }

        var order = ImmutableArray.Create<(SqlExpression, bool)>((new SqlColumn(null, "t"), false))
            .AddRange(_model.PrimaryKey.Select((_, i) => ((SqlExpression)new SqlColumn(null, $"pk{i}"), false)));
        var marked = new SqlSelect
        {
            Columns = [new SqlSelectItem(new SqlStar("c"), "*"), .. copies, new SqlSelectItem(new SqlCase([(startsJourney, One)], Zero), StartsJourney)],
            From = new SqlNamed("contacts", "c"),
        };

        // Journeys are runs of contacts in identity order, each run opened by a start: the journey's
        // number is the running count of starts and its start the latest start's time. All windows
        // share the partition and order, so the engine sorts once.
        var startsColumn = new SqlColumn(null, StartsJourney);
        var numberedColumns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        numberedColumns.Add(new SqlSelectItem(new SqlStar("m"), "*"));
        numberedColumns.Add(new SqlSelectItem(new SqlWindow(SqlWindowName.RunningSum, startsColumn, keyColumns, order), "journey_seq"));
        numberedColumns.Add(new SqlSelectItem(
            new SqlWindow(SqlWindowName.RunningMax, new SqlCase([(new SqlBinary(SqlBinaryOperator.Equal, startsColumn, One), new SqlColumn(null, "t"))], null), keyColumns, order),
            JourneyStartTime));
        if (_needsLast)
        {
            numberedColumns.Add(new SqlSelectItem(new SqlWindow(SqlWindowName.Lead, startsColumn, keyColumns, order), "next_starts"));
            numberedColumns.Add(new SqlSelectItem(new SqlWindow(SqlWindowName.Lead, new SqlColumn(null, "t"), keyColumns, order), "next_t"));
        }

        var numbered = new SqlSelect { Columns = numberedColumns.ToImmutable(), From = new SqlNamed("marked", "m") };

        // The view: a journey's contacts that started within its horizon (a prefix of its contacts). Its
        // last contact is the one followed by a start, by a contact past the horizon, or by nothing.
        SqlExpression horizonEnd = new SqlAddDuration(new SqlColumn(null, JourneyStartTime), _journey.Horizon.Duration);
        var viewedColumns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        viewedColumns.Add(new SqlSelectItem(new SqlStar("n"), "*"));
        if (_needsLast)
        {
            var ends = new SqlBinary(
                SqlBinaryOperator.Or,
                new SqlBinary(SqlBinaryOperator.Equal, new SqlFunction(SqlFunctionName.Coalesce, [new SqlColumn(null, "next_starts"), One]), One),
                new SqlBinary(SqlBinaryOperator.GreaterOrEqual, new SqlColumn(null, "next_t"), horizonEnd));
            viewedColumns.Add(new SqlSelectItem(new SqlCase([(ends, One)], Zero), EndsJourney));
        }

        var viewed = new SqlSelect
        {
            Columns = viewedColumns.ToImmutable(),
            From = new SqlNamed("numbered", "n"),
            Where = [new SqlBinary(SqlBinaryOperator.Less, new SqlColumn(null, "t"), horizonEnd)],
        };
        var journeyKeys = keyColumns.Add(new SqlColumn(null, "journey_seq"));
        var journeyColumns = ImmutableArray.CreateBuilder<SqlSelectItem>();
        journeyColumns.AddRange(journeyKeys.Select(k => new SqlSelectItem(k, ((SqlColumn)k).Name)));
        journeyColumns.Add(new SqlSelectItem(new SqlAggregate(SqlAggregateName.Min, new SqlColumn(null, "t")), StartColumn));
        if (scan.Materialize)
        {
            journeyColumns.Add(new SqlSelectItem(new SqlAggregate(SqlAggregateName.Max, new SqlColumn(null, "t")), LastContactColumn));
            journeyColumns.AddRange(_model.PrimaryKey.Select((_, i) => new SqlSelectItem(AtContact(StartsJourney, new SqlColumn(null, $"pk{i}")), FirstContactKeyPrefix + i)));
        }

        journeyColumns.AddRange(_columns.Select(c => new SqlSelectItem(c.Value.Aggregate, c.Key)));
        var journeys = new SqlSelect
        {
            Columns = journeyColumns.ToImmutable(),
            From = new SqlNamed("viewed", "v"),
            GroupBy = journeyKeys,
        };
        return
        [
            new SqlCte("contacts", contacts),
            new SqlCte("marked", marked),
            new SqlCte("numbered", numbered),
            new SqlCte("viewed", viewed),
            new SqlCte("journeys", journeys),
        ];
    }

    /// <summary>The names this scope resolved so far (the journey columns a query reads).</summary>
    public IEnumerable<string> ResolvedNames => _columns.Keys;

    /// <summary>The model the contacts come from and its joins (rooted at <c>t0</c>).</summary>
    internal JoinSet Joins => _joins;

    /// <summary>The identity of a contact (alias <c>t0</c>), one expression per identity dimension.</summary>
    internal ImmutableArray<SqlExpression> IdentityKeys() =>
        [.. _journey.Identity.Select(k => ExpressionTranslator.ToValue(_contact.Resolve([k])).Sql)];

    /// <summary>
    /// Every name a materialized journey holds: the journey's attributes, then each dimension of its source
    /// model (at the first contact) that no attribute shadows. A query reading any other name stitches.
    /// </summary>
    public static ImmutableArray<string> MaterializedNames(SemanticModel model, Journey journey) =>
        [.. journey.Attributes.Select(a => a.Name).Concat(model.Dimensions.Select(d => d.Name)).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether the identity keys read the contact's own columns only, so a join on them needs no other join before it.</summary>
    private bool IdentityReadsContactOnly()
    {
        var joins = new JoinSet(_joins.Catalog, _model, "t0");
        var contact = new ModelScope(joins, _model, "t0");
        foreach (var key in _journey.Identity)
        {
            _ = contact.Resolve([key]);
        }

        return joins.Joins.IsEmpty;
    }

    /// <summary>A related fact within a window after a contact is known only once that window has passed.</summary>
    private void ReadsAhead(string dimension)
    {
        if (_model.FindDimension(dimension)?.Related?.Within is { } within)
        {
            LookAhead = Duration.Max(LookAhead, within.Duration);
        }
    }

    /// <summary>The expression as text with its parameters' values: equal keys compute equal values.</summary>
    private static string ExpressionKey(SqlExpression expression)
    {
        var text = SqlRenderer.For(SqlDialectKind.DuckDb).Render(new SqlSelect { Columns = [new SqlSelectItem(expression, "x")], From = new SqlNamed("contacts", "c") });
        return string.Join('\n', text.Parameters.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)).Prepend(text.Text));
    }

    /// <summary>The value at the one contact of the journey that has <paramref name="flag"/> set.</summary>
    private static SqlExpression AtContact(string flag, SqlExpression value) =>
        new SqlAggregate(SqlAggregateName.OnlyValue, value, Filter: new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn(null, flag), new SqlConstant(1)));

    private SqlExpression AtLastContact(SqlExpression value)
    {
        _needsLast = true;
        return AtContact(EndsJourney, value);
    }
}

/// <summary>
/// Which contacts of its scope's range a stitching reads: optionally only the identities of a joined source (its ON
/// clause matches the contact's identity keys and may bound its time), or one slice of the identities.
/// </summary>
/// <param name="Identities">An inner join restricting the contacts to some identities.</param>
/// <param name="Materialize">Whether the journeys keep their first contact's key and last contact time.</param>
/// <param name="Slice">A condition on the contact's identity keys only, so an identity's contacts are all read or none.</param>
internal sealed record JourneyScan(SqlJoin? Identities = null, bool Materialize = false, SqlExpression? Slice = null);

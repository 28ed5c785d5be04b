using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CxSemantic.Definitions.Expressions;
using static CxSemantic.Warehouse.Ingestion.MappingExpressionSql;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>
/// The set-based validation of one file, as SQL. Row-local checks (types, required values, vocabularies, CHECK
/// constraints) and duplicate keys within the file run in DuckDB over the staged file in one statement that
/// writes <see cref="CheckedTable"/>: the source line, the typed target columns, and <c>reject_reason</c>,
/// <c>reject_column</c>, <c>reject_detail</c> and the raw <c>reject_record</c> of each rejected row (prefixed: handoffs has a
/// <c>reason</c> of its own). The checks against the warehouse (keys already
/// there, references to rows that are not) are UPDATEs that run in the target engine, DuckDB or PostgreSQL alike.
/// Each row keeps the first reason that applies, in <see cref="RejectReason"/> order.
/// </summary>
internal sealed class IngestValidation
{
    /// <summary>The validated rows (a temporary table).</summary>
    public const string CheckedTable = "ingest_checked";

    private readonly IngestTable _table;
    private readonly IngestMapping _mapping;
    private readonly IngestSource _source;

    public IngestValidation(IngestTable table, IngestMapping mapping, IngestSource source)
    {
        _table = table;
        _mapping = mapping;
        _source = source;
        CheckSourceColumns();
    }

    /// <summary>The target columns in table order.</summary>
    public ImmutableArray<IngestColumn> Columns => _table.Columns;

    /// <summary>The DuckDB statements that validate the staged rows into <see cref="CheckedTable"/>, in order.</summary>
    public IEnumerable<string> CheckSql()
    {
        var typed = new List<string>();
        var typeChecks = new List<(string Raw, string Typed, string Column, string Expected)>();
        foreach (var column in _table.Columns)
        {
            var (raw, value) = ValueOf(column);
            typed.Add($"{value} AS {Identifier(column.Name)}");
            if (raw is not null)
            {
                typeChecks.Add((raw, value, column.Name, Describe(column)));
            }
        }

        foreach (var (name, type) in DeclaredSourcesInUse())
        {
            var store = StoreTypeOf(type);
            typeChecks.Add((IngestSource.Text(name), $"TRY_CAST(s.{Identifier(name)} AS {store})", name, $"{type.ToString().ToLowerInvariant()} (source column)"));
        }

        var layer1 = new StringBuilder("SELECT s.rowid + ").Append(_source.LineOffset).Append(" AS source_line");
        for (var i = 0; i < typeChecks.Count; i++)
        {
            layer1.Append(CultureInfo.InvariantCulture, $", {typeChecks[i].Raw} AS \"raw${i}\", {typeChecks[i].Typed} AS \"typed${i}\"");
        }

        layer1.Append(", ").AppendJoin(", ", typed).Append($" FROM {IngestSource.StagingTable} s");

        var reasons = new List<(string When, RejectReason Reason, string? Column, string Detail)>();
        for (var i = 0; i < typeChecks.Count; i++)
        {
            var check = typeChecks[i];
            reasons.Add(($"\"raw${i}\" IS NOT NULL AND \"typed${i}\" IS NULL", RejectReason.BadType, check.Column,
                $"{Quote(check.Column + ": '")} || \"raw${i}\" || {Quote("' is not " + check.Expected)}"));
        }

        foreach (var column in _table.Columns.Where(c => c.Required))
        {
            var reason = _table.Name == "evaluations" && column.Name == "evaluator_version" ? RejectReason.MissingEvaluatorVersion : RejectReason.MissingRequired;
            reasons.Add(($"{Identifier(column.Name)} IS NULL", reason, column.Name, Quote($"{column.Name} is required but empty")));
        }

        foreach (var column in _table.Columns.Where(c => !c.AllowedValues.IsDefaultOrEmpty))
        {
            var list = string.Join(", ", column.AllowedValues);
            reasons.Add(($"{Identifier(column.Name)} NOT IN ({string.Join(", ", column.AllowedValues.Select(Quote))})", RejectReason.NotAllowedValue, column.Name,
                $"{Quote(column.Name + ": '")} || {Identifier(column.Name)} || {Quote("' is not one of " + list)}"));
        }

        foreach (var check in _table.Checks)
        {
            reasons.Add(check.Name == "ck_interactions_ended_after_started"
                ? ($"NOT ({check.Sql})", RejectReason.EndedBeforeStarted, "ended_at",
                    $"'ended_at ' || {UtcText("ended_at")} || ' is before started_at ' || {UtcText("started_at")}")
                : ($"NOT ({check.Sql})", RejectReason.CheckFailed, null, Quote($"violates {check.Name}: {check.Sql}")));
        }

        var why = new StringBuilder("CASE");
        foreach (var (when, reason, column, detail) in reasons)
        {
            why.Append(CultureInfo.InvariantCulture, $" WHEN {when} THEN {{'r': {Quote(RejectReasons.Code(reason))}, 'c': {(column is null ? "NULL" : Quote(column))}, 'd': {detail}}}");
        }

        why.Append(" END");
        var names = string.Join(", ", _table.Columns.Select(c => Identifier(c.Name)));
        yield return $"""
            CREATE OR REPLACE TEMP TABLE {CheckedTable} AS
            SELECT source_line, {names}, why.r AS reject_reason, why.c AS reject_column, why.d AS reject_detail, CAST(NULL AS VARCHAR) AS reject_record
            FROM (SELECT source_line, {names}, {why} AS why FROM ({layer1}) l1) l2
            """;

        // Repeated keys by hash aggregation (only the repeated ones join back): no sort of the whole file.
        var key = string.Join(", ", _table.Key);
        var sameKey = string.Join(" AND ", _table.Key.Select(k => $"c.{k} = d.{k}"));
        yield return $"""
            UPDATE {CheckedTable} c SET reject_reason = {Quote(RejectReasons.Code(RejectReason.DuplicateKey))},
              reject_detail = {Quote($"key ({string.Join(", ", _table.Key)}) = (")} || {KeyText("c.")} || ') is also on line ' || CAST(d.first_line AS VARCHAR)
            FROM (SELECT {key}, min(source_line) AS first_line FROM {CheckedTable} WHERE reject_reason IS NULL GROUP BY {key} HAVING count(*) > 1) d
            WHERE c.reject_reason IS NULL AND {sameKey} AND c.source_line > d.first_line
            """;

        // The raw record of each rejected row, as read (rows rejected later, against the warehouse, get their typed values).
        yield return $"""
            UPDATE {CheckedTable} c SET reject_record = (SELECT CAST(to_json(s) AS VARCHAR) FROM {IngestSource.StagingTable} s WHERE s.rowid = c.source_line - {_source.LineOffset})
            WHERE c.reject_reason IS NOT NULL
            """;
    }

    /// <summary>
    /// The checks against the warehouse, as UPDATEs of <see cref="CheckedTable"/> valid in DuckDB and PostgreSQL:
    /// a key already loaded, then each reference to a row the warehouse lacks.
    /// </summary>
    public IEnumerable<string> WarehouseCheckSql()
    {
        var sameKey = string.Join(" AND ", _table.Key.Select(k => $"t.{k} = c.{k}"));
        yield return $"""
            UPDATE {CheckedTable} c SET reject_reason = {Quote(RejectReasons.Code(RejectReason.DuplicateKey))},
              reject_detail = {Quote($"key ({string.Join(", ", _table.Key)}) = (")} || {KeyText("c.")} || ') is already in the warehouse'
            WHERE c.reject_reason IS NULL AND EXISTS (SELECT 1 FROM {_table.Name} t WHERE {sameKey})
            """;
        foreach (var reference in _table.References)
        {
            var present = string.Join(" AND ", reference.Columns.Select(c => $"c.{c} IS NOT NULL"));
            var match = string.Join(" AND ", reference.Columns.Zip(reference.PrincipalColumns, (c, p) => $"p.{p} = c.{c}"));
            var column = reference.Columns[0];
            yield return $"""
                UPDATE {CheckedTable} c SET reject_reason = {Quote(RejectReasons.Code(RejectReason.UnknownReference))}, reject_column = {Quote(column)},
                  reject_detail = {Quote(column + " '")} || CAST(c.{column} AS VARCHAR) || {Quote($"' is not in {reference.PrincipalTable}")}
                WHERE c.reject_reason IS NULL AND {present} AND NOT EXISTS (SELECT 1 FROM {reference.PrincipalTable} p WHERE {match})
                """;
        }
    }

    private string KeyText(string prefix = "") =>
        string.Join(" || ', ' || ", _table.Key.Select(k => $"CAST({prefix}{k} AS VARCHAR)"));

    private static string UtcText(string column) => $"strftime(timezone('UTC', {column}), '%Y-%m-%dT%H:%M:%SZ')";

    /// <summary>The value of a target column (cast to its type) and, when it comes from the file, the text it was cast from.</summary>
    private (string? Raw, string Value) ValueOf(IngestColumn column)
    {
        switch (_mapping.For(column.Name)?.Source)
        {
            case FromColumn from:
                return (IngestSource.Text(from.Name), Cast(IngestSource.Text(from.Name), column));
            case ConstantValue constant:
                return (null, constant.Text is null ? $"CAST(NULL AS {column.DuckDbType})" : Cast(Quote(constant.Text), column));
            case ComputedValue computed:
                var sql = new MappingExpressionSql(SourceValue).Render(computed.Expression);
                return column.Type == ExpressionType.String ? (null, $"CAST({sql} AS VARCHAR)") : ($"CAST({sql} AS VARCHAR)", Cast(sql, column));
            default:
                return _source.Columns.Contains(column.Name)
                    ? (IngestSource.Text(column.Name), Cast(IngestSource.Text(column.Name), column))
                    : (null, $"CAST(NULL AS {column.DuckDbType})");
        }
    }

    /// <summary>A source column as an expression reads it: its declared type, else text.</summary>
    private string SourceValue(string name) =>
        _mapping.SourceTypes.TryGetValue(name, out var type) ? $"TRY_CAST(s.{Identifier(name)} AS {StoreTypeOf(type)})" : IngestSource.Text(name);

    private static string Cast(string sql, IngestColumn column) =>
        column.DuckDbType == "VARCHAR" ? sql : $"TRY_CAST({sql} AS {column.DuckDbType})";

    private static string StoreTypeOf(ExpressionType type) => type switch
    {
        ExpressionType.Integer => "BIGINT",
        ExpressionType.Decimal => "DOUBLE",
        ExpressionType.Boolean => "BOOLEAN",
        ExpressionType.Date => "DATE",
        ExpressionType.Timestamp => "TIMESTAMPTZ",
        _ => "VARCHAR",
    };

    private static string Describe(IngestColumn column) => column.Type switch
    {
        ExpressionType.Integer => "a whole number",
        ExpressionType.Decimal => "a number",
        ExpressionType.Boolean => "true or false",
        ExpressionType.Date => "a date (YYYY-MM-DD)",
        ExpressionType.Timestamp => "a timestamp (ISO 8601)",
        _ => "text",
    };

    private IEnumerable<(string Name, ExpressionType Type)> DeclaredSourcesInUse() =>
        ReferencedSources().Distinct(StringComparer.Ordinal).Where(_mapping.SourceTypes.ContainsKey).Select(n => (n, _mapping.SourceTypes[n]));

    private IEnumerable<string> ReferencedSources() =>
        _mapping.Columns.Where(c => c.Source is ComputedValue).SelectMany(c => SourcesOf(c.Source));

    private static ImmutableArray<string> SourcesOf(ColumnSource source) => source switch
    {
        FromColumn from => [from.Name],
        ComputedValue computed => ExpressionColumns.ReferencedNames(computed.Expression),
        _ => [],
    };

    /// <summary>Every source column the mapping reads must be in the file, and every required column must have a source.</summary>
    private void CheckSourceColumns()
    {
        foreach (var mapped in _mapping.Columns)
        {
            foreach (var name in SourcesOf(mapped.Source).Where(n => !_source.Columns.Contains(n)))
            {
                throw new IngestException(IngestErrors.MissingSourceColumn, IngestErrors.Format(
                    IngestErrors.MissingSourceColumnMessage, _source.Path, name, $"column '{mapped.Column}' at {mapped.Span}",
                    Definitions.Diagnostics.NameSuggester.Hint(name, _source.Columns), string.Join(", ", _source.Columns)));
            }
        }

        foreach (var column in _table.Columns.Where(c => c.Required && _mapping.For(c.Name) is null && !_source.Columns.Contains(c.Name)))
        {
            throw new IngestException(IngestErrors.MissingRequiredColumn, IngestErrors.Format(
                IngestErrors.MissingRequiredColumnMessage, _source.Path, column.Name, _table.Name));
        }
    }
}

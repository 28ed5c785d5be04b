using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Model;
using CxSemantic.Warehouse.Schema;
using Microsoft.EntityFrameworkCore;

namespace CxSemantic.Warehouse.Tests.Schema;

public class DdlRenderingTests
{
    public static TheoryData<SqlDialectKind> Dialects => new() { SqlDialectKind.DuckDb, SqlDialectKind.PostgreSql, SqlDialectKind.TSql };

    private static readonly string[] ExpectedTables =
    [
        "customers", "agents", "interactions", "turns", "handoffs", "evaluations", "human_labels", "surveys",
        "system_events", "suggestions", "policy_events", "crm_writes", "cost_rates", "warehouse_meta",
    ];

    [Fact]
    public void Model_has_the_design_tables_in_dependency_order()
    {
        Assert.Equal(ExpectedTables.Order(), WarehouseSchema.TableNames.Order());
        var names = WarehouseSchema.TableNames;
        foreach (var entity in WarehouseSchema.Model.GetEntityTypes())
        {
            foreach (var fk in entity.GetForeignKeys())
            {
                Assert.True(
                    names.IndexOf(fk.PrincipalEntityType.GetTableName()!) < names.IndexOf(entity.GetTableName()!),
                    $"{entity.GetTableName()} is created before {fk.PrincipalEntityType.GetTableName()}");
            }
        }
    }

    [Fact]
    public void Every_column_is_snake_case_and_every_instant_is_a_utc_timestamp()
    {
        foreach (var entity in WarehouseSchema.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                Assert.Matches("^[a-z][a-z0-9_]*$", property.GetColumnName());
                if (property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?))
                {
                    Assert.Equal("timestamp with time zone", property.GetColumnType());
                }
            }
        }
    }

    [Fact]
    public void No_column_is_a_reserved_word_so_check_constraints_need_no_quoting()
    {
        // Reserved in at least one of DuckDB, PostgreSQL, SQL Server (and a few that are risky across versions).
        string[] reserved =
        [
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "at", "authorization", "both", "by", "case",
            "cast", "check", "collate", "column", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
            "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "file", "for",
            "foreign", "from", "grant", "group", "having", "identity", "in", "index", "inner", "into", "is", "join", "key", "left", "like",
            "limit", "offset", "on", "only", "or", "order", "outer", "percent", "pivot", "plan", "primary", "public", "references",
            "right", "rule", "schema", "select", "session_user", "set", "some", "table", "then", "to", "top", "trailing", "true", "union",
            "unique", "user", "using", "value", "values", "view", "when", "where", "window", "with",
        ];
        foreach (var entity in WarehouseSchema.Model.GetEntityTypes())
        {
            Assert.DoesNotContain(entity.GetTableName()!, reserved);
            foreach (var property in entity.GetProperties())
            {
                Assert.DoesNotContain(property.GetColumnName(), reserved);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Every_table_and_check_constraint_is_rendered(SqlDialectKind dialect)
    {
        var ddl = WarehouseSchema.RenderDdl(dialect);
        foreach (var entity in WarehouseSchema.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            Assert.Contains($"CREATE TABLE {Quote(dialect, table)} (", ddl, StringComparison.Ordinal);
            foreach (var check in entity.GetCheckConstraints())
            {
                Assert.Contains($"CONSTRAINT {Quote(dialect, check.Name!)} CHECK ({check.Sql})", ddl, StringComparison.Ordinal);
            }

            foreach (var index in entity.GetIndexes())
            {
                Assert.Contains($"INDEX {Quote(dialect, index.GetDatabaseName()!)} ON {Quote(dialect, table)}", ddl, StringComparison.Ordinal);
            }
        }

        Assert.Equal(WarehouseSchema.Model.GetEntityTypes().Count(), CountOf(ddl, "CREATE TABLE "));
    }

    [Fact]
    public void Check_constraints_are_generated_from_the_vocabulary()
    {
        var ddl = WarehouseSchema.RenderDdl(SqlDialectKind.PostgreSql);
        Assert.Contains(
            "CONSTRAINT ck_interactions_end_reason CHECK (end_reason IN ('resolved', 'escalated', 'abandoned', 'forced_termination', 'rage_quit', 'transferred'))",
            ddl, StringComparison.Ordinal);
        Assert.Contains(
            "CONSTRAINT ck_surveys_score CHECK (CASE WHEN kind = 'csat' AND score >= 1 AND score <= 5 THEN 1 WHEN kind = 'ces' AND score >= 1 AND score <= 7 THEN 1 WHEN kind = 'nps' AND score >= 0 AND score <= 10 THEN 1 ELSE 0 END = 1)",
            ddl, StringComparison.Ordinal);
        Assert.Contains(
            "WHEN evaluator = 'tone' AND label IN ('positive', 'neutral', 'negative') THEN 1", ddl, StringComparison.Ordinal);
        foreach (var channel in WarehouseVocabulary.Channels)
        {
            Assert.Contains($"'{channel}'", ddl, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PostgreSql_ddl_is_efs_script_with_timestamptz_and_restricting_foreign_keys()
    {
        var ddl = WarehouseSchema.RenderDdl(SqlDialectKind.PostgreSql);
        Assert.Contains(
            """
            CREATE TABLE surveys (
                interaction_id bigint NOT NULL,
                kind character varying(64) NOT NULL,
                score integer NOT NULL,
                responded_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_surveys PRIMARY KEY (interaction_id, kind),
            """.ReplaceLineEndings("\n"),
            ddl.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(
            "CONSTRAINT fk_interactions_customer_id FOREIGN KEY (customer_id) REFERENCES customers (customer_id) ON DELETE RESTRICT",
            ddl, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX ix_interactions_customer_id_started_at ON interactions (customer_id, started_at);", ddl, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX ix_interactions_started_at ON interactions (started_at);", ddl, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX ix_system_events_customer_id_occurred_at ON system_events (customer_id, occurred_at);", ddl, StringComparison.Ordinal);
        Assert.Contains("cost_per_minute numeric(10,4) NOT NULL", ddl, StringComparison.Ordinal);
        Assert.DoesNotContain("CASCADE", ddl, StringComparison.Ordinal);
    }

    [Fact]
    public void Bulk_load_profile_keeps_checks_and_drops_keys_references_and_indexes()
    {
        var ddl = WarehouseSchema.RenderDdl(SqlDialectKind.DuckDb, SchemaProfile.BulkLoad);
        Assert.Equal(14, CountOf(ddl, "CREATE TABLE "));
        Assert.DoesNotContain("PRIMARY KEY", ddl, StringComparison.Ordinal);
        Assert.DoesNotContain("FOREIGN KEY", ddl, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE INDEX", ddl, StringComparison.Ordinal);
        Assert.Equal(
            WarehouseSchema.Model.GetEntityTypes().Sum(e => e.GetCheckConstraints().Count()),
            CountOf(ddl, " CHECK ("));
        Assert.Throws<NotSupportedException>(() => WarehouseSchema.RenderDdl(SqlDialectKind.PostgreSql, SchemaProfile.BulkLoad));
        Assert.Throws<NotSupportedException>(() => WarehouseSchema.RenderDdl(SqlDialectKind.TSql, SchemaProfile.BulkLoad));
    }

    private static string Quote(SqlDialectKind dialect, string identifier) => dialect switch
    {
        SqlDialectKind.DuckDb => $"\"{identifier}\"",
        SqlDialectKind.TSql => $"[{identifier}]",
        _ => identifier,
    };

    private static int CountOf(string text, string fragment)
    {
        var count = 0;
        for (var i = text.IndexOf(fragment, StringComparison.Ordinal); i >= 0; i = text.IndexOf(fragment, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

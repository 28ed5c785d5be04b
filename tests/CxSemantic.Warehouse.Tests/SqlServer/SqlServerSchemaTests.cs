using System.Text.RegularExpressions;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Migrations;
using CxSemantic.Warehouse.Migrations.SqlServer;
using CxSemantic.Warehouse.Model;
using CxSemantic.Warehouse.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>The SQL Server DDL is EF Core's SqlServer script for the model; ScriptDom parses it; the migration freezes it.</summary>
public sealed partial class SqlServerSchemaTests
{
    [Fact]
    public void Cxsem_schema_for_sqlserver_equals_efs_sqlserver_script()
    {
        // Built here from the provider, not through WarehouseSchema: the DDL must be exactly what EF Core renders.
        var options = new DbContextOptionsBuilder<SqlServerWarehouseDbContext>().UseSqlServer("Server=127.0.0.1;Database=unused").Options;
        using var context = new SqlServerWarehouseDbContext(options);
        Assert.Equal(context.Database.GenerateCreateScript(), WarehouseSchema.RenderDdl(SqlDialectKind.TSql));
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", context.Database.ProviderName);
    }

    [Fact]
    public void The_script_has_sql_server_types_utc_instants_and_restricting_references()
    {
        var ddl = WarehouseSchema.RenderDdl(SqlDialectKind.TSql).ReplaceLineEndings("\n");
        Assert.Contains(
            """
            CREATE TABLE [customers] (
                [customer_id] nvarchar(32) NOT NULL,
                [tenant_id] nvarchar(64) NOT NULL,
                [segment] nvarchar(64) NOT NULL,
                [region] nvarchar(64) NOT NULL,
                [tenure_band] nvarchar(64) NOT NULL,
                [customer_since] datetimeoffset(6) NOT NULL,
                CONSTRAINT [pk_customers] PRIMARY KEY ([customer_id]),
            """.ReplaceLineEndings("\n"),
            ddl, StringComparison.Ordinal);
        Assert.Contains("[eligible_for_automation] bit NOT NULL", ddl, StringComparison.Ordinal);
        Assert.Contains("[score] float NOT NULL", ddl, StringComparison.Ordinal);
        Assert.Contains("[cost_per_minute] decimal(10,4) NOT NULL", ddl, StringComparison.Ordinal);
        Assert.Contains("[effective_to] date NULL,", ddl, StringComparison.Ordinal);
        Assert.Contains(
            "CONSTRAINT [fk_turns_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION",
            ddl, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [ix_interactions_customer_id_started_at] ON [interactions] ([customer_id], [started_at]);", ddl, StringComparison.Ordinal);

        // Every instant column is datetimeoffset(6); no datetime2 (it would drop the offset) and no IDENTITY (ids come from the source).
        var instants = WarehouseSchema.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Count(p => p.ClrType == typeof(DateTime) || p.ClrType == typeof(DateTime?));
        Assert.Equal(instants, Regex.Count(ddl, @"\] datetimeoffset\(6\) (NOT )?NULL"));
        Assert.DoesNotContain("datetime2", ddl, StringComparison.Ordinal);
        Assert.DoesNotContain("IDENTITY", ddl, StringComparison.Ordinal);
        Assert.DoesNotContain("CASCADE", ddl, StringComparison.Ordinal);
    }

    [Fact]
    public void ScriptDom_parses_the_script_with_zero_errors()
    {
        var ddl = WarehouseSchema.RenderDdl(SqlDialectKind.TSql);
        var script = Parse(ddl);
        var statements = script.Batches.SelectMany(b => b.Statements).ToList();
        var entities = WarehouseSchema.Model.GetEntityTypes().ToList();
        Assert.Equal(entities.Count, statements.OfType<CreateTableStatement>().Count());
        Assert.Equal(entities.Sum(e => e.GetIndexes().Count()), statements.OfType<CreateIndexStatement>().Count());
        Assert.Equal(statements.Count, script.Batches.Count); // one statement per GO batch
        var customers = statements.OfType<CreateTableStatement>().Single(t => t.SchemaObjectName.BaseIdentifier.Value == "customers");
        Assert.Equal(
            ["customer_id", "tenant_id", "segment", "region", "tenure_band", "customer_since"],
            customers.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
    }

    [Fact]
    public void ScriptDom_parses_the_staging_script_and_the_history_record()
    {
        var staging = Parse(WarehouseSchema.RenderSqlServer("cxsem_staging"));
        var tables = staging.Batches.SelectMany(b => b.Statements).OfType<CreateTableStatement>().ToList();
        Assert.Equal(WarehouseSchema.TableNames.Length, tables.Count);
        Assert.All(tables, t => Assert.Equal("cxsem_staging", t.SchemaObjectName.SchemaIdentifier?.Value));
        Parse(SqlServerWarehouseMigrations.RecordAppliedScript());
    }

    [Fact]
    public void The_staging_script_is_the_migration_with_schema_qualified_names()
    {
        // The loader builds the warehouse in a staging schema from EF Core's script for that schema; apart from the
        // qualification and the schema's creation it must be the frozen migration, or a load and a migration would
        // create different warehouses.
        var staging = WarehouseSchema.RenderSqlServer("cxsem_staging").ReplaceLineEndings("\n");
        var createSchema = "IF SCHEMA_ID(N'cxsem_staging') IS NULL EXEC(N'CREATE SCHEMA [cxsem_staging];');\nGO\n\n\n";
        Assert.StartsWith(createSchema, staging, StringComparison.Ordinal);
        var unqualified = staging[createSchema.Length..].Replace("[cxsem_staging].", "", StringComparison.Ordinal);
        Assert.Equal(Frozen(), unqualified);
    }

    [Fact]
    public void The_frozen_migration_creates_exactly_the_schema_of_the_model()
    {
        // When this fails the model changed: freeze the difference as a new migration (a new .sql script and class in
        // src/CxSemantic.Warehouse/Migrations/SqlServer) rather than editing the applied one.
        Assert.Equal(WarehouseSchema.RenderDdl(SqlDialectKind.TSql).ReplaceLineEndings("\n"), Frozen());
    }

    [Fact]
    public void EF_Core_discovers_the_sql_server_migrations_apart_from_the_postgresql_ones()
    {
        Assert.Equal([SqlServerWarehouseMigrations.LatestId], SqlServerWarehouseMigrations.Ids());
        Assert.Equal([WarehouseMigrations.LatestId], WarehouseMigrations.Ids());
        Assert.Matches("^[0-9]{14}_[A-Za-z]+$", SqlServerWarehouseMigrations.LatestId);
    }

    [Fact]
    public void The_history_record_inserts_every_migration_once()
    {
        var script = SqlServerWarehouseMigrations.RecordAppliedScript();
        Assert.Contains("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script, StringComparison.Ordinal);
        Assert.Contains(
            $"IF NOT EXISTS (SELECT 1 FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'{SqlServerWarehouseMigrations.LatestId}')",
            script, StringComparison.Ordinal);
        Assert.Equal(SqlServerWarehouseMigrations.Ids().Count, Regex.Count(script, "INSERT INTO"));
    }

    private static string Frozen() =>
        WarehouseMigrations.Script(SqlServerWarehouseMigrations.LatestId, SqlServerWarehouseMigrations.ResourceFolder).ReplaceLineEndings("\n");

    /// <summary>Parses with SQL Server 2022's grammar; any error fails the test with its line and column.</summary>
    internal static TSqlScript Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"ScriptDom {e.Number} at {e.Line}:{e.Column}: {e.Message}")));
        return Assert.IsType<TSqlScript>(fragment);
    }
}

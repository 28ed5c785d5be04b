using System.CommandLine;
using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Cli.Commands;

/// <summary><c>cxsem schema --dialect duckdb|postgres|sqlserver</c>: prints the warehouse DDL.</summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dialect = new Option<string>("--dialect", "-d")
        {
            Description = "Target SQL dialect: duckdb, postgres or sqlserver.",
            DefaultValueFactory = _ => "duckdb",
        };
        dialect.AcceptOnlyFromAmong("duckdb", "postgres", "postgresql", "sqlserver", "tsql");
        var bulk = new Option<bool>("--bulk-load")
        {
            Description = "DuckDB only: tables with NOT NULL and CHECK constraints but no keys or indexes, for fast loading.",
        };

        var command = new Command("schema", "Print the canonical stitched-CX warehouse DDL for a SQL dialect.") { dialect, bulk };
        command.SetAction(parse =>
        {
            var target = ParseDialect(parse.GetValue(dialect)!);
            var profile = parse.GetValue(bulk) ? SchemaProfile.BulkLoad : SchemaProfile.Full;
            if (target != SqlDialectKind.DuckDb && profile == SchemaProfile.BulkLoad)
            {
                error.WriteLine("cxsem schema: --bulk-load applies to duckdb only; PostgreSQL and SQL Server DDL is EF Core's full script (drop --bulk-load).");
                return 2;
            }

            output.Write(WarehouseSchema.RenderDdl(target, profile));
            return 0;
        });
        return command;
    }

    internal static SqlDialectKind ParseDialect(string name) => name.ToLowerInvariant() switch
    {
        "duckdb" => SqlDialectKind.DuckDb,
        "postgres" or "postgresql" => SqlDialectKind.PostgreSql,
        "sqlserver" or "tsql" => SqlDialectKind.TSql,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown dialect."),
    };
}

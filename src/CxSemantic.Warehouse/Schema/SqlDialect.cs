namespace CxSemantic.Warehouse.Schema;

/// <summary>The SQL dialects the warehouse schema is rendered for.</summary>
public enum SqlDialect
{
    /// <summary>DuckDB, the embedded default engine.</summary>
    DuckDb,

    /// <summary>PostgreSQL (and Postgres-compatible engines such as Citus), through EF Core's Npgsql provider.</summary>
    PostgreSql,

    /// <summary>SQL Server, Azure SQL and compatible engines (T-SQL).</summary>
    SqlServer,
}

/// <summary>How much of the schema's constraint machinery a rendered DDL script creates.</summary>
public enum SchemaProfile
{
    /// <summary>Tables with primary keys, foreign keys, CHECK constraints and NOT NULLs, then the analytical indexes.</summary>
    Full,

    /// <summary>
    /// Tables with NOT NULLs and CHECK constraints only: no primary keys, foreign keys or indexes, for fast bulk
    /// loading (DuckDB's ART indexes cost memory and append time, and FK checks would force a load order).
    /// Keys and references are then guaranteed by the loader and verified by tests.
    /// </summary>
    BulkLoad,
}

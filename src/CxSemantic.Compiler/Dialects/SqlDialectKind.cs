namespace CxSemantic.Compiler.Dialects;

/// <summary>
/// The SQL dialects CxSemantic writes: the compiler's queries and the warehouse's DDL use this one list.
/// </summary>
public enum SqlDialectKind
{
    /// <summary>DuckDB (embedded default).</summary>
    DuckDb,

    /// <summary>PostgreSQL 15 (and Postgres-compatible engines such as Citus).</summary>
    PostgreSql,

    /// <summary>SQL Server 2022, Azure SQL and compatible engines (T-SQL).</summary>
    TSql,
}

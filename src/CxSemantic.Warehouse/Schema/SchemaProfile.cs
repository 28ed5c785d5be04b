namespace CxSemantic.Warehouse.Schema;

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

using System.Collections.Immutable;
using System.Globalization;
using CxSemantic.Warehouse.Loading.SqlServer;
using CxSemantic.Warehouse.Schema;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CxSemantic.Warehouse.Tests.SqlServer;

/// <summary>The SQL Server loader without a server: the bulk-copy mapping, the value conversions, the reader, the scripts.</summary>
public sealed class SqlServerLoaderTests
{
    public static TheoryData<string> Tables => [.. WarehouseSchema.TableNames];

    [Theory]
    [MemberData(nameof(Tables))]
    public void The_bulk_copy_mapping_equals_the_staged_tables_columns_order_types_and_nullability(string table)
    {
        // The table as SQL Server will create it: ScriptDom's reading of the staging DDL the loader runs.
        var created = StagedTables.Value[table];
        var expected = created.Definition.ColumnDefinitions.Select(c => (c.ColumnIdentifier.Value, TypeText(c.DataType), IsNullable(c))).ToList();

        var mapping = SqlServerBulkCopyMapping.For(table);
        Assert.Equal(expected, mapping.Select(c => (c.Name, c.StoreType, c.Nullable)));
        Assert.Equal(Enumerable.Range(0, mapping.Length), mapping.Select(c => c.Ordinal));
    }

    [Fact]
    public void An_unknown_table_names_the_tables()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => SqlServerBulkCopyMapping.For("calls"));
        Assert.StartsWith("'calls' is not a warehouse table; the tables are customers, agents, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Instants_become_datetimeoffsets_at_utc_whatever_their_kind()
    {
        // DuckDB's TIMESTAMPTZ arrives as UTC or as an unspecified DateTime: both are the same instant.
        Prop.ForAll(
            Gen.Choose(0, int.MaxValue).Select(s => new DateTime(2000, 1, 1).AddSeconds(s).AddTicks(s % 10_000_000)).ToArbitrary(),
            Gen.Elements(DateTimeKind.Utc, DateTimeKind.Unspecified).ToArbitrary(),
            (instant, kind) =>
            {
                var converted = (DateTimeOffset)SqlServerBulkCopyMapping.ToProvider(DateTime.SpecifyKind(instant, kind));
                return converted.Offset == TimeSpan.Zero && converted.UtcDateTime.Ticks == instant.Ticks;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Other_values_convert_to_the_provider_type_the_reader_declares()
    {
        var samples = new Dictionary<Type, object>
        {
            [typeof(string)] = "voice",
            [typeof(long)] = 7L,
            [typeof(int)] = 7,
            [typeof(short)] = (short)7,
            [typeof(bool)] = true,
            [typeof(double)] = 0.5,
            [typeof(decimal)] = 1.2500m,
            [typeof(DateOnly)] = new DateOnly(2026, 2, 28),
            [typeof(DateTime)] = new DateTime(2026, 2, 28, 23, 59, 59, DateTimeKind.Utc),
        };

        // Every CLR type the model uses has a sample, and converts to the type the reader announces.
        var used = WarehouseSchema.TableNames.SelectMany(t => SqlServerBulkCopyMapping.For(t)).Select(c => c.ClrType).Distinct();
        Assert.All(used, t => Assert.True(samples.ContainsKey(t), $"No sample of {t.Name}"));
        foreach (var (type, value) in samples)
        {
            Assert.Equal(SqlServerBulkCopyMapping.ProviderType(type), SqlServerBulkCopyMapping.ToProvider(value).GetType());
        }

        Assert.Equal(new DateTime(2026, 2, 28), SqlServerBulkCopyMapping.ToProvider(new DateOnly(2026, 2, 28)));
        Assert.Equal(DBNull.Value, SqlServerBulkCopyMapping.ToProvider(null));
        Assert.Equal(1.2500m, SqlServerBulkCopyMapping.ToProvider(1.2500m));
    }

    [Fact]
    public void The_reader_streams_rows_in_the_mappings_order_and_types()
    {
        var columns = SqlServerBulkCopyMapping.For("cost_rates");
        object?[][] rows =
        [
            ["voice", "agent", new DateOnly(2026, 1, 1), null, 1.5m, 0.25m],
            ["chat", "bot", new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1), 0.1m, 0.01m],
        ];
        using var reader = new RowDataReader(columns, rows);

        Assert.Equal(columns.Select(c => c.Name), Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        Assert.Equal(
            [typeof(string), typeof(string), typeof(DateTime), typeof(DateTime), typeof(decimal), typeof(decimal)],
            Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType));
        Assert.Equal(["nvarchar(64)", "nvarchar(64)", "date", "date", "decimal(10,4)", "decimal(10,4)"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName));
        Assert.Equal(3, reader.GetOrdinal("EFFECTIVE_TO"));

        Assert.True(reader.Read());
        Assert.True(reader.IsDBNull(3));
        Assert.Equal(new DateTime(2026, 1, 1), reader.GetDateTime(2));
        Assert.True(reader.Read());
        Assert.Equal("bot", reader.GetString(1));
        Assert.Equal(new DateTime(2026, 7, 1), reader[3]);
        Assert.False(reader.Read());
        Assert.Equal(2, reader.RowsRead);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        using var reader = new RowDataReader(SqlServerBulkCopyMapping.For("agents"), [["a1", "team"]]);
        var error = Assert.Throws<InvalidOperationException>(() => reader.Read());
        Assert.Equal("A source row has 2 values but the table has 4 columns.", error.Message);
    }

    [Fact]
    public void The_staging_script_splits_into_one_batch_per_statement()
    {
        var batches = SqlServerWarehouseLoader.Batches(WarehouseSchema.RenderSqlServer("cxsem_staging"));
        var indexes = WarehouseSchema.Model.GetEntityTypes().Sum(e => e.GetIndexes().Count());
        Assert.Equal(1 + WarehouseSchema.TableNames.Length + indexes, batches.Length);
        Assert.StartsWith("IF SCHEMA_ID(N'cxsem_staging') IS NULL", batches[0], StringComparison.Ordinal);
        Assert.All(batches, b => Assert.DoesNotContain("\nGO", b, StringComparison.Ordinal));
        Assert.Equal(["SELECT 1", "SELECT 2"], SqlServerWarehouseLoader.Batches("SELECT 1\r\ngo\r\n\r\nGO\nSELECT 2\n  GO  \n").ToArray());
    }

    [Fact]
    public void The_swap_drops_children_first_and_transfers_parents_first_in_valid_tsql()
    {
        var tables = WarehouseSchema.TableNames;
        var script = SqlServerWarehouseLoader.SwapScript("cxsem_staging", "dbo", tables);
        var statements = SqlServerSchemaTests.Parse(script).Batches.Single().Statements;

        var drops = statements.OfType<IfStatement>().Select(i => ((DropTableStatement)i.ThenStatement).Objects.Single().BaseIdentifier.Value).ToList();
        Assert.Equal(tables.Reverse(), drops);
        var transfers = statements.OfType<AlterSchemaStatement>().ToList();
        Assert.Equal(tables, transfers.Select(t => t.ObjectName.BaseIdentifier.Value));
        Assert.All(transfers, t => Assert.Equal(("dbo", "cxsem_staging"), (t.Name.Value, t.ObjectName.SchemaIdentifier.Value)));
        Assert.IsType<DropSchemaStatement>(statements[^1]);
        Assert.Equal(2 * tables.Length + 1, statements.Count);
    }

    [Fact]
    public void Dropping_a_staging_schema_is_valid_tsql_and_quotes_its_name()
    {
        var script = SqlServerWarehouseLoader.DropStagingScript("odd]name's");
        SqlServerSchemaTests.Parse(script);
        Assert.Contains("WHERE s.name = N'odd]name''s';", script, StringComparison.Ordinal);
        Assert.Contains("EXEC(N'DROP SCHEMA ' + N'[odd]]name''s]');", script, StringComparison.Ordinal);
    }

    private static readonly Lazy<ImmutableDictionary<string, CreateTableStatement>> StagedTables = new(() =>
        SqlServerSchemaTests.Parse(WarehouseSchema.RenderSqlServer("cxsem_staging")).Batches
            .SelectMany(b => b.Statements).OfType<CreateTableStatement>()
            .ToImmutableDictionary(t => t.SchemaObjectName.BaseIdentifier.Value));

    private static string TypeText(DataTypeReference type)
    {
        var sql = (SqlDataTypeReference)type;
        var name = sql.Name.BaseIdentifier.Value.ToLowerInvariant();
        return sql.Parameters.Count == 0
            ? name
            : name + "(" + string.Join(",", sql.Parameters.Select(p => p.Value.ToString(CultureInfo.InvariantCulture))) + ")";
    }

    private static bool IsNullable(ColumnDefinition column) =>
        column.Constraints.OfType<NullableConstraintDefinition>().Single().Nullable;
}

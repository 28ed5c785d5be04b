using CxSemantic.Compiler.Dialects;
using CxSemantic.Warehouse.Migrations;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Warehouse.Tests.Schema;

/// <summary>The frozen EF Core migrations and the EF Core model describe the same schema.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_migrations_create_exactly_the_schema_of_the_model()
    {
        // When this fails the model changed: freeze the difference as a new migration (a new .sql script and class
        // in src/CxSemantic.Warehouse/Migrations) rather than editing the applied one.
        var frozen = Normalize(WarehouseMigrations.Script(WarehouseMigrations.LatestId));
        var model = Normalize(WarehouseSchema.RenderDdl(SqlDialectKind.PostgreSql));
        Assert.Equal(model, frozen);
    }

    [Fact]
    public void EF_Core_discovers_the_migrations_newest_last()
    {
        var ids = WarehouseMigrations.Ids();
        Assert.Equal([WarehouseMigrations.LatestId], ids);
        Assert.Matches("^[0-9]{14}_[A-Za-z]+$", ids[0]);
    }

    private static string Normalize(string script) => script.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}

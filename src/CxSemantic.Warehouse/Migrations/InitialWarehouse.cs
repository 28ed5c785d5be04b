using CxSemantic.Warehouse.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CxSemantic.Warehouse.Migrations;

/// <summary>
/// Schema version 1 of the canonical warehouse on PostgreSQL: the script EF Core renders for the model
/// (<c>20261122000000_InitialWarehouse.sql</c>, frozen). Frozen as SQL because the scaffolding package
/// (Microsoft.EntityFrameworkCore.Design) cannot be restored here; a test fails when the model and the
/// migrations drift apart, and a model change then needs a new migration next to this one.
/// </summary>
[DbContext(typeof(WarehouseDbContext))]
[Migration(Id)]
internal sealed class InitialWarehouse : Migration
{
    /// <summary>The migration id (timestamp + name), as recorded in <c>__EFMigrationsHistory</c>.</summary>
    public const string Id = "20261122000000_InitialWarehouse";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(WarehouseMigrations.Script(Id));

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Children before parents: the reverse of the creation order.
        foreach (var table in Enumerable.Reverse(Schema.WarehouseSchema.TableNames))
        {
            migrationBuilder.DropTable(table);
        }
    }
}

using CxSemantic.Warehouse.Model;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CxSemantic.Warehouse.Migrations.SqlServer;

/// <summary>
/// Schema version 1 of the canonical warehouse on SQL Server: the script EF Core's SqlServer provider renders for the
/// model (<c>SqlServer/20261205000000_InitialWarehouse.sql</c>, frozen, in <c>GO</c>-separated batches, which EF Core's
/// SqlServer migrator runs batch by batch). Frozen as SQL like the PostgreSQL migration; a test fails when the model
/// and this script drift apart.
/// </summary>
[DbContext(typeof(SqlServerWarehouseDbContext))]
[Migration(Id)]
internal sealed class InitialSqlServerWarehouse : Migration
{
    /// <summary>The migration id (timestamp + name), as recorded in <c>__EFMigrationsHistory</c>.</summary>
    public const string Id = "20261205000000_InitialWarehouse";

    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(WarehouseMigrations.Script(Id, SqlServerWarehouseMigrations.ResourceFolder));

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // Children before parents: the reverse of the creation order.
        foreach (var table in Enumerable.Reverse(Schema.WarehouseSchema.TableNames))
        {
            migrationBuilder.DropTable(table);
        }
    }
}

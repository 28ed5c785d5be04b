using CxSemantic.Warehouse.Model;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CxSemantic.Warehouse.Migrations.SqlServer;

/// <summary>
/// The EF Core migrations that create the canonical warehouse schema on SQL Server (EF Core's SqlServer provider),
/// kept apart from the PostgreSQL ones by their context type (<see cref="SqlServerWarehouseDbContext"/>).
/// </summary>
public static class SqlServerWarehouseMigrations
{
    /// <summary>The newest migration: a warehouse whose history lacks it was loaded by an older CxSemantic.</summary>
    public static string LatestId => InitialSqlServerWarehouse.Id;

    /// <summary>The folder of the frozen scripts under <c>Migrations/</c> (part of their resource names).</summary>
    internal const string ResourceFolder = "SqlServer";

    /// <summary>Applies every migration to the connection's default schema through EF Core's migrator.</summary>
    /// <param name="connection">An open connection to the target database.</param>
    /// <param name="cancellationToken">Stops the migration.</param>
    public static async Task ApplyAsync(SqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var options = SqlServerWarehouseDbContext.Options(
            new DbContextOptionsBuilder<SqlServerWarehouseDbContext>().UseSqlServer(connection, sql => sql.CommandTimeout(0)),
            schema: null);
        var context = new SqlServerWarehouseDbContext(options);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every SQL Server migration id, oldest first, as EF Core discovers them in this assembly.</summary>
    internal static IReadOnlyList<string> Ids()
    {
        using var context = SqlServerWarehouseDbContext.CreateModelOnly();
        return [.. context.GetService<IMigrationsAssembly>().Migrations.Keys];
    }

    /// <summary>
    /// EF Core's script that records every migration as applied in <c>__EFMigrationsHistory</c> of the connection's
    /// default schema (creating the table if needed): run by the loader after it moved the staged tables in.
    /// </summary>
    internal static string RecordAppliedScript()
    {
        using var context = SqlServerWarehouseDbContext.CreateModelOnly();
        var history = context.GetService<IHistoryRepository>();
        return history.GetCreateIfNotExistsScript() + "\n"
            + string.Concat(Ids().Select(id =>
                $"IF NOT EXISTS (SELECT 1 FROM [{WarehouseMigrations.HistoryTable}] WHERE [MigrationId] = N'{id}')\nBEGIN\n"
                + history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())) + "END;\n"));
    }
}

using CxSemantic.Warehouse.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CxSemantic.Warehouse.Migrations;

/// <summary>
/// The EF Core migrations that create the canonical warehouse schema on PostgreSQL, and what a server needs to
/// know about them (the id of the newest, the history table).
/// </summary>
public static class WarehouseMigrations
{
    /// <summary>EF Core's migrations history table (one row per applied migration).</summary>
    public const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>The newest migration: a warehouse whose history lacks it was loaded by an older CxSemantic.</summary>
    public static string LatestId => InitialWarehouse.Id;

    /// <summary>
    /// Applies every migration to the first schema of <paramref name="connection"/>'s search path (the history table
    /// included) through EF Core's migrator.
    /// </summary>
    /// <param name="connection">An open connection; its <c>search_path</c> decides where the tables go.</param>
    /// <param name="cancellationToken">Stops the migration (its transaction rolls back).</param>
    internal static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<WarehouseDbContext>()
            .UseNpgsql(connection, npgsql => npgsql.CommandTimeout(0))
            .Options;
        var context = new WarehouseDbContext(options);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every migration id, oldest first, as EF Core discovers them in this assembly.</summary>
    internal static IReadOnlyList<string> Ids()
    {
        using var context = WarehouseDbContext.CreateModelOnly();
        return [.. context.GetService<IMigrationsAssembly>().Migrations.Keys];
    }

    /// <summary>The frozen SQL of a migration, embedded next to its class.</summary>
    /// <param name="id">The migration id.</param>
    /// <param name="folder">The provider's folder under <c>Migrations/</c> (SQL Server's); null for PostgreSQL's.</param>
    internal static string Script(string id, string? folder = null)
    {
        var name = folder is null ? $"CxSemantic.Warehouse.Migrations.{id}.sql" : $"CxSemantic.Warehouse.Migrations.{folder}.{id}.sql";
        using var stream = typeof(WarehouseMigrations).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The migration script {name} is not embedded in {typeof(WarehouseMigrations).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

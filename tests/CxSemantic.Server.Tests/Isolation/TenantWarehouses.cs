using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.GraphQL.Execution;
using CxSemantic.Server.Http;
using CxSemantic.Server.Tests.Identity;
using CxSemantic.Warehouse.Demo;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CxSemantic.Server.Tests.Isolation;

/// <summary>A governed server (Production, JWT) over a chosen warehouse file, rate limit off.</summary>
public sealed class WarehouseServer(string warehouse) : GovernedServer
{
    protected override Dictionary<string, string?> Extra => new()
    {
        ["CxSemantic:Warehouse:File"] = warehouse,
        ["CxSemantic:Limits:RequestsPerSecond"] = "0",

        // The property runs queries in parallel: one DuckDB thread each avoids oversubscribing the cores.
        ["CxSemantic:Warehouse:DuckDbThreads"] = "1",
    };

    /// <summary>Runs a GraphQL request in-process for <paramref name="caller"/> (what the identity middleware resolves), returning the response JSON.</summary>
    public async Task<string> RunAsync(GraphQLRequest request, Caller caller)
    {
        var handler = Services.GetRequiredService<GraphQLHttpHandler>();
        var result = await handler.ExecuteAsync(request, caller, Services, CancellationToken.None);
        return result.ToJson();
    }
}

/// <summary>
/// Two small demo warehouses: the full one (three tenants) and a copy holding only <see cref="Tenant"/>'s rows (every
/// table cut by tenant, customer or interaction), each behind its own governed server.
/// </summary>
public sealed class TenantWarehouses : IAsyncLifetime
{
    /// <summary>Tenant A.</summary>
    public const string Tenant = "acme";

    /// <summary>Small, so that thousands of queries run in seconds; large enough that most cells have data.</summary>
    public const long Interactions = 2_000;

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "cxsemantic-server-tests");

    public static string FullFile { get; } = Path.Combine(Folder, $"isolation-{Interactions}-seed7.duckdb");

    public static string TenantFile { get; } = Path.Combine(Folder, $"isolation-{Interactions}-seed7-{Tenant}-only.duckdb");

    public WarehouseServer Full { get; } = new(FullFile);

    public WarehouseServer TenantOnly { get; } = new(TenantFile);

    /// <summary>Rows per table in the full and the tenant-only warehouse (to show the cut is real).</summary>
    public IReadOnlyDictionary<string, (long Full, long Tenant)> RowCounts { get; private set; } = ImmutableDictionary<string, (long, long)>.Empty;

    /// <summary>The caller tenant A's manager resolves to (role and tenant claim from a verified identity).</summary>
    public static Caller Manager(string tenant = Tenant) =>
        new("tenant_manager", ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("tenant", [tenant]));

    /// <summary>The two files, written once per process: test classes sharing them run in parallel, each with its own fixture.</summary>
    private static readonly Lazy<Task> Files = new(async () =>
    {
        await DemoWarehouseFile.EnsureAsync(FullFile, new DemoOptions { Interactions = Interactions, Seed = 7, Parallelism = 2 });
        if (!File.Exists(TenantFile))
        {
            CutToTenant(FullFile, TenantFile, Tenant);
        }
    });

    public async Task InitializeAsync()
    {
        await Files.Value;
        RowCounts = CountRows();
        await Full.InitializeAsync();
        await TenantOnly.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Full.DisposeAsync();
        await TenantOnly.DisposeAsync();
    }

    /// <summary>
    /// Copies <paramref name="source"/> and deletes every row that is not the tenant's: rows with a <c>tenant_id</c> of
    /// another tenant; rows of another tenant's interaction or customer. Tables without any of those keys (agents, cost
    /// rates, the watermark) are shared reference data and stay.
    /// </summary>
    private static void CutToTenant(string source, string target, string tenant)
    {
        var staging = target + ".partial";
        File.Copy(source, staging, overwrite: true);
        using (var database = DuckDbDatabase.Open(staging))
        using (var connection = database.Connect())
        {
            var mixed = connection.ExecuteScalar<long>("SELECT count(*) FROM interactions i JOIN customers c USING (customer_id) WHERE i.tenant_id <> c.tenant_id");
            if (mixed != 0)
            {
                throw new InvalidOperationException($"{mixed} interactions belong to another tenant than their customer: the tenant-only cut is not defined for such data.");
            }

            // Children first (rows are chosen by the parents' tenant), then the tables carrying tenant_id.
            foreach (var (table, columns) in Tables(connection).OrderBy(t => t.Columns.Contains("tenant_id")).ThenBy(t => !t.Columns.Contains("interaction_id")))
            {
                var conditions = new List<string>();
                if (columns.Contains("tenant_id"))
                {
                    conditions.Add("tenant_id <> $1");
                }
                else
                {
                    if (columns.Contains("interaction_id"))
                    {
                        conditions.Add("(interaction_id IS NOT NULL AND interaction_id NOT IN (SELECT interaction_id FROM interactions WHERE tenant_id = $1))");
                    }

                    if (columns.Contains("customer_id"))
                    {
                        conditions.Add("(customer_id IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM customers WHERE tenant_id = $1))");
                    }
                }

                if (conditions.Count > 0)
                {
                    connection.ExecuteNonQuery($"DELETE FROM {table} WHERE {string.Join(" OR ", conditions)}", tenant);
                }
            }

            connection.Execute("CHECKPOINT");
        }

        File.Move(staging, target, overwrite: true);
        File.Delete(staging + ".wal");
    }

    private static IEnumerable<(string Table, HashSet<string> Columns)> Tables(DuckDBConnection connection) =>
        connection.QueryRows("SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema NOT IN ('information_schema', 'pg_catalog') AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')")
            .GroupBy(r => $"\"{r[0]}\".\"{r[1]}\"")
            .Select(g => (g.Key, g.Select(r => (string)r[2]!).ToHashSet(StringComparer.Ordinal)));

    private static Dictionary<string, (long, long)> CountRows()
    {
        using var full = DuckDbDatabase.Open(FullFile, new DuckDbConfig { ReadOnly = true });
        using var cut = DuckDbDatabase.Open(TenantFile, new DuckDbConfig { ReadOnly = true });
        using var a = full.Connect();
        using var b = cut.Connect();
        return Tables(a).ToDictionary(
            t => t.Table,
            t => (a.ExecuteScalar<long>($"SELECT count(*) FROM {t.Table}"), b.ExecuteScalar<long>($"SELECT count(*) FROM {t.Table}")));
    }
}

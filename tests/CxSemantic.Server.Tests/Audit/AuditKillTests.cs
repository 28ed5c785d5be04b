using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CxSemantic.Server.Audit;

namespace CxSemantic.Server.Tests.Audit;

/// <summary>
/// A real server process killed (SIGKILL) while metrics queries are being answered: every answer a client received has
/// its audit entry on disk (entries are fsync'ed before the answer leaves), and the file stays readable.
/// </summary>
public sealed class AuditKillTests
{
    [Fact]
    public async Task Every_answer_a_client_received_is_in_the_log_after_the_server_is_killed_mid_stream()
    {
        await TestPaths.EnsureWarehouseAsync();
        var folder = Path.Combine(Path.GetTempPath(), "cxsemantic-audit-kill-" + Guid.NewGuid().ToString("N"));
        var log = Path.Combine(folder, "audit.jsonl");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "CxSemantic.Server.dll"),
                "--urls", $"http://127.0.0.1:{port}",
                "--environment", "Development",
                $"--CxSemantic:Warehouse:File={TestPaths.Warehouse}",
                $"--CxSemantic:Definitions={TestPaths.Definitions}",
                "--CxSemantic:Warehouse:DuckDbThreads=2",
                "--CxSemantic:CacheEntries=0",
                "--CxSemantic:Limits:RequestsPerSecond=100000",
                "--CxSemantic:Limits:Burst=100000",
                $"--CxSemantic:Audit:File={log}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var server = Process.Start(start)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilUp(client);

            // Four clients ask for distinct one-day windows; each window answered with 200 is recorded here.
            var answered = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var next = -1;
            var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var day = new DateOnly(2026, 1, 1).AddDays(Interlocked.Increment(ref next) % 170);
                    var window = $"{day:yyyy-MM-dd}..{day.AddDays(1):yyyy-MM-dd}";
                    var query = $"{{ metrics(time: {{ from: \"{day:yyyy-MM-dd}\", to: \"{day.AddDays(1):yyyy-MM-dd}\" }}) {{ rows {{ channel interactionCount {{ n }} }} }} }}";
                    try
                    {
                        using var response = await client.SendAsync(Gql.Post(query, role: "cx_analyst"), stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("\"data\"", StringComparison.Ordinal))
                        {
                            answered.Add(window);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToArray();

            while (answered.Count < 40)
            {
                await Task.Delay(20);
            }

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            var (entries, unreadable) = AuditReader.Read(log);
            Assert.InRange(unreadable, 0, 1); // at most the line being written when the process died
            var logged = entries.Where(e => e.Outcome == "OK").Select(e => e.Window).ToHashSet();
            Assert.All(answered, window => Assert.Contains(window, logged));
            Assert.True(answered.Count >= 40, $"{answered.Count} answers received before the kill");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilUp(HttpClient client)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The server did not answer /health within 60 s.");
    }
}

extern alias cli;

using cli::CxSemantic.Cli.Commands;
using cli::CxSemantic.Cli.Soak;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>
/// Issue 17's soak in small: <c>cxsem bench soak</c>'s warm-up, baseline and attack phases (4 legitimate clients, 2
/// attackers, 5 s a phase) against a real Kestrel server on loopback. The full 60 s, 16-client soak is a benchmark
/// (docs/operations.md); here the bar that holds at any size: no HTTP 500, no reset, hostile requests refused with 400.
/// </summary>
public sealed class SoakTests
{
    [Fact]
    public async Task A_five_second_soak_with_attackers_answers_no_500_and_resets_no_connection()
    {
        await TestPaths.EnsureWarehouseAsync();
        var settings = ServerFixture.BaseSettings();

        // One address and role for every client: the per-caller rate limit would answer most of them 429 and hide the rest.
        settings["CxSemantic:Limits:RequestsPerSecond"] = "0";
        await using var app = await ServerFixture.StartLoopbackAsync(settings);
        var endpoint = new Uri(ServerFixture.Address(app), "/graphql");

        var results = await SoakBenchCommand.RunAsync(endpoint, new SoakOptions(Clients: 4, Attackers: 2, ExpensiveEvery: 10, Duration: TimeSpan.FromSeconds(5), InValues: 100_000), server: null, TextWriter.Null, CancellationToken.None);

        Assert.Equal(["warm-up", "baseline", "attack"], results.Select(r => r.Name));
        foreach (var phase in results)
        {
            Assert.True(phase.Requests > 0, $"{phase.Name}: no request answered");
            Assert.True(phase.ServerErrors == 0, $"{phase.Name}: {Describe(phase)}");
            Assert.True(phase.Resets == 0, $"{phase.Name}: {Describe(phase)}");
            Assert.True(phase.Timeouts == 0, $"{phase.Name}: {Describe(phase)}");
            Assert.Empty(phase.LegitimateErrors);
        }

        // The attack phase sent hostile requests; the malformed ones (bad Host, lone surrogate, bytes that are not UTF-8) are refused with 400.
        var attack = results[2];
        Assert.Contains(attack.ByKind.Keys, k => !k.StartsWith("cheap", StringComparison.Ordinal) && !k.StartsWith("expensive", StringComparison.Ordinal));
        foreach (var (kind, _) in attack.ByKind.Where(k => k.Key.StartsWith("bad Host", StringComparison.Ordinal) || k.Key.StartsWith("lone surrogate", StringComparison.Ordinal) || k.Key.StartsWith("non-UTF-8", StringComparison.Ordinal)))
        {
            Assert.Contains("\t400", kind, StringComparison.Ordinal);
        }
    }

    private static string Describe(SoakPhaseResult phase) => string.Join(", ", phase.ByKind.Select(k => $"{k.Key.Replace('\t', ' ')}: {k.Value}"));
}

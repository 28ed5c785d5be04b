using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Hardening;

[Collection("server")]
public sealed class ProbeTmp(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        var file = Path.Combine(Path.GetTempPath(), "cxsem-probe-" + Guid.NewGuid().ToString("N") + ".duckdb");
        File.Copy(TestPaths.Warehouse, file);
        var settings = ServerFixture.BaseSettings();
        settings["CxSemantic:Warehouse:File"] = file;
        settings["CxSemantic:CacheEntries"] = "0";
        await using var factory = new CxServerFactory(settings);
        using var client = factory.CreateClient();
        var (s0, b0, _) = await Gql.SendAsync(client, Gql.Post("{ metrics { rows { channel interactionCount { n } } } }", role: "cx_leader"));
        output.WriteLine($"before {s0} {b0.ToJsonString()[..100]}");
        output.WriteLine("size " + new FileInfo(file).Length);
        using (var fs = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { fs.SetLength(fs.Length / 3); }
        foreach (var q in new[] { "{ metrics { rows { intentComplexity containmentRate { n } } } }", "{ metrics { rows { channel interactionCount { n } } } }", "{ metrics(time: {from: \"2026-01-01\", to: \"2026-06-01\", grain: MONTH}) { rows { period intentComplexity csat: conversationalCsat { n } } } }" })
        {
            var (s, b, _) = await Gql.SendAsync(client, Gql.Post(q, role: "cx_leader"));
            output.WriteLine($"after {s} {b.ToJsonString()[..Math.Min(500, b.ToJsonString().Length)]}");
        }
        output.WriteLine("health " + await client.GetStringAsync("/health"));
        // replace
        File.Delete(file);
        File.Copy(TestPaths.Warehouse, file);
        var (s2, b2, _) = await Gql.SendAsync(client, Gql.Post("{ metrics { rows { channel interactionCount { n } } } }", role: "cx_leader"));
        output.WriteLine($"replaced {s2} {b2.ToJsonString()[..Math.Min(300, b2.ToJsonString().Length)]}");
        output.WriteLine("health " + await client.GetStringAsync("/health"));
    }
}

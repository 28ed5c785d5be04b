using System.Diagnostics;

namespace CxSemantic.Server.Tests.Hardening;

/// <summary>A server that cannot start says why in one line and exits with code 1 (no stack trace, no abort).</summary>
public sealed class StartupFailureTests
{
    [Theory]
    [InlineData("garbage", "CxSemantic cannot start: The warehouse {file} cannot be opened (DuckDBOpen failed: IO Error: The file \"{file}\" exists, but it is not a valid DuckDB database file!). Point CxSemantic:Warehouse:File to a DuckDB warehouse written by 'cxsem seed --out FILE.duckdb', or leave it empty to use the demo warehouse.")]
    [InlineData("missing", "CxSemantic cannot start: The warehouse {file} does not exist; create it with 'cxsem seed --out {file}', or leave CxSemantic:Warehouse:File empty to use the demo warehouse.")]
    public async Task A_bad_warehouse_file_gives_one_line_on_stderr_and_exit_code_1(string kind, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), "cxsemantic-bad-" + Guid.NewGuid().ToString("N") + ".duckdb");
        if (kind == "garbage")
        {
            await File.WriteAllBytesAsync(file, [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 31))]);
        }

        try
        {
            var server = Path.Combine(AppContext.BaseDirectory, "CxSemantic.Server.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { server, "--urls", "http://127.0.0.1:0", $"--CxSemantic:Warehouse:File={file}", $"--CxSemantic:Definitions={TestPaths.Definitions}" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);

            Assert.Equal(1, process.ExitCode);
            Assert.Equal(expected.Replace("{file}", file, StringComparison.Ordinal), (await stderr).TrimEnd());
            Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

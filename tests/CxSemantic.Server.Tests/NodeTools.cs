using System.Diagnostics;

namespace CxSemantic.Server.Tests;

/// <summary>Runs the pinned Node tools in node/ (installed with npm ci on first use) and Chromium.</summary>
internal static class NodeTools
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(TestPaths.NodeTools, "node_modules", "graphql-http"))
                || !Directory.Exists(Path.Combine(TestPaths.NodeTools, "node_modules", "playwright-core")))
            {
                var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TestPaths.NodeTools, TimeSpan.FromMinutes(3));
                Assert.True(code == 0, "npm ci in tests/CxSemantic.Server.Tests/node failed: " + output);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Chromium's path, installing the Debian package when missing; null (with the reason) when that is impossible.</summary>
    public static async Task<(string? Path, string Reason)> EnsureChromiumAsync()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (File.Exists(candidate))
            {
                return (candidate, string.Empty);
            }
        }

        if (!File.Exists("/usr/bin/apt-get"))
        {
            return (null, "Chromium is not installed and apt-get is unavailable (install the Debian package 'chromium').");
        }

        await Gate.WaitAsync();
        try
        {
            var (code, output) = await RunAsync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], "/", TimeSpan.FromMinutes(8));
            if (code != 0)
            {
                (code, output) = await RunAsync("sh", ["-c", "apt-get update && apt-get install -y --no-install-recommends chromium"], "/", TimeSpan.FromMinutes(10));
            }

            return File.Exists("/usr/bin/chromium") ? ("/usr/bin/chromium", string.Empty) : (null, "apt-get install chromium failed: " + output);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Chromium for a browser test, or null when it cannot be had: then the test must return (xunit 2 has no dynamic
    /// skip). Fails where apt-get could have installed it; otherwise writes why the test is skipped.
    /// </summary>
    public static async Task<string?> ChromiumForTestAsync(Xunit.Abstractions.ITestOutputHelper output)
    {
        var (chromium, reason) = await EnsureChromiumAsync();
        if (chromium is null)
        {
            Assert.False(File.Exists("/usr/bin/apt-get"), reason);
            output.WriteLine("SKIPPED: " + reason);
        }

        return chromium;
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took longer than {timeout}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

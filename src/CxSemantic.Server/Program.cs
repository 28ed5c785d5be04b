using CxSemantic.Server.Hosting;

// A configuration the server cannot start with (bad warehouse file, missing definitions) is reported as one line on
// stderr with exit code 1: no stack trace, no abort.
WebApplication app;
try
{
    app = ServerApp.Build(args);
    await app.StartAsync().ConfigureAwait(false);
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    await Console.Error.WriteLineAsync(ServerApp.DescribeStartupFailure(ex)).ConfigureAwait(false);
    return 1;
}

await app.WaitForShutdownAsync().ConfigureAwait(false);
await app.DisposeAsync().ConfigureAwait(false);
return 0;

/// <summary>The entry point (public for WebApplicationFactory).</summary>
public partial class Program
{
}

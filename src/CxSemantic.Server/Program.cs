using CxSemantic.Server.Hosting;

var app = ServerApp.Build(args);
await app.RunAsync().ConfigureAwait(false);

/// <summary>The entry point (public for WebApplicationFactory).</summary>
public partial class Program
{
}

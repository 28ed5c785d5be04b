using CxSemantic.Compiler.Dialects;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Sql;
using CxSemantic.Server.Hosting;
using CxSemantic.Server.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CxSemantic.Server.Tests.Limits;

/// <summary>
/// Sits between the server and the real DuckDB engine: counts statements and, while <see cref="Hold"/> is set, keeps
/// each statement waiting (a deliberately slow query) until it is released or cancelled, recording that the
/// cancellation reached the engine.
/// </summary>
internal sealed class GatedEngine : IStatementInterceptor
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _statements;

    public bool Hold { get; init; }

    public int Statements => Volatile.Read(ref _statements);

    /// <summary>Completes when the first statement reaches the engine.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held statement's token is cancelled (the engine would interrupt it).</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public ISqlEngine Wrap(ISqlEngine engine) => new Engine(this, engine);

    /// <summary>A real server (Kestrel on loopback) on the test warehouse with extra settings, whose statements pass this gate.</summary>
    public async Task<WebApplication> StartServerAsync(IReadOnlyDictionary<string, string?> extra)
    {
        await TestPaths.EnsureWarehouseAsync();
        var settings = ServerFixture.BaseSettings();
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--environment", "Development" };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var app = ServerApp.Build([.. args], builder => builder.Services.AddSingleton<IStatementInterceptor>(this));
        await app.StartAsync();
        return app;
    }

    private sealed class Engine(GatedEngine gate, ISqlEngine inner) : ISqlEngine
    {
        public SqlDialectKind Dialect => inner.Dialect;

        public async Task<IReadOnlyList<object?[]>> QueryAsync(SqlText sql, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref gate._statements);
            gate.Entered.TrySetResult();
            if (gate.Hold)
            {
                // Observed where the cancellation surfaces (a registration would be disposed by the unwinding await
                // before its callback runs: token callbacks run last-registered first).
                try
                {
                    await gate._release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    gate.Cancelled.TrySetResult();
                    throw;
                }
            }

            return await inner.QueryAsync(sql, cancellationToken);
        }
    }
}

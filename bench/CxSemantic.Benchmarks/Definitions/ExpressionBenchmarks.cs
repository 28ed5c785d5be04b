using BenchmarkDotNet.Attributes;
using CxSemantic.Definitions.Diagnostics;
using CxSemantic.Definitions.Expressions;

namespace CxSemantic.Benchmarks.Definitions;

/// <summary>
/// The expression language on a typical metric filter: parse alone, and parse + type-check as the
/// catalog loader does for every <c>where:</c>. Run: ... -- --filter '*ExpressionBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ExpressionBenchmarks
{
    private const string Filter =
        "handled_by = 'bot' and handoffs = 0 and channel in ('voice', 'chat') and customers.segment = 'smb' " +
        "and started_at >= date '2026-01-01' and coalesce(intent_confirmed, intent_predicted) is not null";

    private static readonly SourceSpan Origin = new("metrics/containment_rate.yaml", 14, 17);

    private readonly ExpressionScope _scope = new(new Dictionary<string, ScopeColumn>
    {
        ["handled_by"] = new(ExpressionType.String, AllowedValues: ["bot", "human"]),
        ["handoffs"] = new(ExpressionType.Integer),
        ["channel"] = new(ExpressionType.String, IsNullable: false, AllowedValues: ["voice", "chat", "messaging", "email", "web"]),
        ["customers.segment"] = new(ExpressionType.String, AllowedValues: ["smb", "mid_market", "enterprise"]),
        ["started_at"] = new(ExpressionType.Timestamp, IsNullable: false),
        ["intent_confirmed"] = new(ExpressionType.String),
        ["intent_predicted"] = new(ExpressionType.String),
    });

    private Expression _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = ExpressionParser.Parse(Filter, Origin).Value;

    [Benchmark(Baseline = true)]
    public Expression Parse() => ExpressionParser.Parse(Filter, Origin).Value;

    [Benchmark]
    public ExpressionCheckResult ParseAndCheck() =>
        ExpressionTypeChecker.CheckPredicate(ExpressionParser.Parse(Filter, Origin).Value, _scope);

    [Benchmark]
    public ExpressionCheckResult CheckOnly() => ExpressionTypeChecker.CheckPredicate(_parsed, _scope);

    [Benchmark]
    public string Print() => ExpressionPrinter.Print(_parsed);
}

using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Tests.Execution;

namespace CxSemantic.Compiler.Tests.PostgreSql;

/// <summary>
/// Every oracle-equivalence case (<see cref="OracleEquivalenceTestsBase"/>) with the compiled query run on PostgreSQL
/// over the oracle warehouse's copy: the hand-written oracle still runs on DuckDB over the original rows (once per
/// case and run, shared with the DuckDB class), so the compiled PostgreSQL SQL must give the independent
/// computation's numbers — counts exactly, values within 1e-9.
/// </summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlOracleEquivalenceTests(PostgreSqlFixture postgres) : OracleEquivalenceTestsBase
{
    protected override MetricQueryExecutor Executor => postgres.Oracle.Executor;
}

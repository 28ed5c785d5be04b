using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Tests.Execution;

namespace CxSemantic.Compiler.Tests.PostgreSql;

/// <summary>
/// Every planted-effect test (<see cref="PlantedEffectTestsBase"/>) on PostgreSQL, over the copy of the same
/// 100 000-interaction warehouse the DuckDB suite reads: the same assertions, through <c>PostgreSqlSqlEngine</c>.
/// </summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlPlantedEffectTests(PostgreSqlFixture postgres) : PlantedEffectTestsBase
{
    protected override MetricQueryResult Run(MetricQuery query) => postgres.Demo.Executor.ExecuteAsync(query).GetAwaiter().GetResult();

    protected override long Count(string sql) => postgres.Demo.Count(sql);
}

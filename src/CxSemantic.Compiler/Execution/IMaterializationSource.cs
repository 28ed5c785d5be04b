using CxSemantic.Compiler.Planning;

namespace CxSemantic.Compiler.Execution;

/// <summary>
/// What a database holds materialized and current for the data it holds now (journey tables, rollups): the
/// executor asks before compiling each query, so a query reads a materialization only once it is current and
/// otherwise computes from raw rows.
/// </summary>
public interface IMaterializationSource
{
    /// <summary><paramref name="options"/> with the materializations current now.</summary>
    ValueTask<CompilerOptions> ApplyAsync(CompilerOptions options, CancellationToken cancellationToken);
}

using CxSemantic.Compiler.Execution;

namespace CxSemantic.Server.Limits;

/// <summary>
/// Wraps the warehouse engine under the admission queue, when registered as a service: tests observe the statements
/// (and their cancellation) the server issues; deployments could trace them. Not registered by default.
/// </summary>
internal interface IStatementInterceptor
{
    /// <summary>The engine the server's statements go to, given the warehouse's.</summary>
    ISqlEngine Wrap(ISqlEngine engine);
}

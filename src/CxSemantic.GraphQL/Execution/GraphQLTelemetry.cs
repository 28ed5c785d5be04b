using System.Diagnostics;

namespace CxSemantic.GraphQL.Execution;

/// <summary>
/// The engine's tracing source. Spans: <c>graphql.parse</c> and <c>graphql.validate</c> when a document is prepared
/// (a <see cref="DocumentCache"/> hit prepares nothing, so it shows neither), and <c>graphql.execute</c> per executed
/// operation, with the attributes of OpenTelemetry's GraphQL conventions (<c>graphql.operation.type</c>,
/// <c>graphql.operation.name</c>) and the error count. Listen to <see cref="SourceName"/> to receive them; without a
/// listener they cost a null check.
/// </summary>
public static class GraphQLTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name.</summary>
    public const string SourceName = "CxSemantic.GraphQL";

    internal static readonly ActivitySource Source = new(SourceName, typeof(GraphQLTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Marks a span failed with the code of its first error (the engine's errors carry one in <c>extensions.code</c>).</summary>
    internal static void Fail(Activity? activity, IReadOnlyList<GraphQLError> errors)
    {
        if (activity is null || errors.Count == 0)
        {
            return;
        }

        activity.SetTag("graphql.error.count", errors.Count);
        activity.SetStatus(ActivityStatusCode.Error, errors[0].Code ?? errors[0].Message);
    }
}

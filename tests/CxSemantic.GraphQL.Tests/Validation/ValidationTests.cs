using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Tests.Conformance;
using CxSemantic.GraphQL.Types;
using CxSemantic.GraphQL.Validation;

namespace CxSemantic.GraphQL.Tests.Validation;

public class ValidationTests
{
    private static readonly Schema s_schema = ConformanceSchema.Build();

    private static IReadOnlyList<GraphQLError> Validate(string source) => DocumentValidator.Validate(s_schema, GraphQLParser.Parse(source));

    [Fact]
    public void Catalog_templates_produce_the_spec_messages()
    {
        Assert.Equal("Fragment \"F\" is never used.", ValidationMessages.Format(ValidationMessages.UnusedFragment, "F"));
        Assert.Equal("Field \"x\" of type \"Metric\" must have a selection of subfields. Did you mean \"x { ... }\"?", ValidationMessages.Format(ValidationMessages.RequiredSubselection, "x", "Metric"));
        Assert.Equal(26, DocumentValidator.RuleNames.Count);
    }

    [Theory]
    [InlineData("fragment F on Metric { id } { version }", "NoUnusedFragmentsRule", "Fragment \"F\" is never used.", 1, 1)]
    [InlineData("{ metrics { nme } }", "FieldsOnCorrectTypeRule", "Cannot query field \"nme\" on type \"Metric\". Did you mean \"name\"?", 1, 13)]
    [InlineData("{ search(text: \"x\") { name } }", "FieldsOnCorrectTypeRule", "Cannot query field \"name\" on type \"SearchResult\". Did you mean to use an inline fragment on \"Named\", \"Dimension\", \"Entity\", \"Metric\", or \"User\"?", 1, 23)]
    [InlineData("query ($a: Int) { version }", "NoUnusedVariablesRule", "Variable \"$a\" is never used.", 1, 8)]
    [InlineData("{ metrics(first: \"1\") { id } }", "ValuesOfCorrectTypeRule", "Int cannot represent non-integer value: \"1\"", 1, 18)]
    [InlineData("{ dimensions(kind: GEOS) { id } }", "ValuesOfCorrectTypeRule", "Value \"GEOS\" does not exist in \"DimensionKind\" enum. Did you mean the enum value \"GEO\"?", 1, 20)]
    [InlineData("fragment A on Metric { ...A } { metrics { ...A } }", "NoFragmentCyclesRule", "Cannot spread fragment \"A\" within itself.", 1, 24)]
    [InlineData("{ metrics { x: id x: name } }", "OverlappingFieldsCanBeMergedRule", "Fields \"x\" conflict because \"id\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", 1, 13)]
    [InlineData("{ version @skip }", "ProvidedRequiredArgumentsRule", "Directive \"@skip\" argument \"if\" of type \"Boolean!\" is required, but it was not provided.", 1, 11)]
    [InlineData("{ metrics(where: {name: {eq: \"a\", in: []}}) { id } }", "ValuesOfCorrectTypeRule", "OneOf Input Object \"StringFilter\" must specify exactly one key.", 1, 25)]
    public void Reports_rule_message_and_location(string source, string rule, string message, int line, int column)
    {
        var error = Assert.Single(Validate(source));
        Assert.Equal(rule, error.Rule);
        Assert.Equal(message, error.Message);
        Assert.Equal((line, column), (error.Locations[0].Line, error.Locations[0].Column));
    }

    [Fact]
    public void Valid_documents_have_no_errors()
    {
        Assert.Empty(Validate("query Q($w: MetricFilter, $s: Boolean!) { metrics(where: $w) { ...M @skip(if: $s) } } fragment M on Metric { id owner { name } }"));
    }

    [Fact]
    public async Task Validation_errors_are_reported_by_the_executor_with_code()
    {
        var result = await Executor.ExecuteAsync(s_schema, "{ metrics { nme } }");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.False(result.HasData);
        Assert.Equal("""{"errors":[{"message":"Cannot query field \"nme\" on type \"Metric\". Did you mean \"name\"?","locations":[{"line":1,"column":13}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}""", result.ToJson());
    }

    [Fact]
    public void Max_errors_caps_the_error_list()
    {
        var source = "{ " + string.Concat(Enumerable.Range(0, 300).Select(i => $"f{i} ")) + "}";
        var errors = DocumentValidator.Validate(s_schema, GraphQLParser.Parse(source));
        Assert.Equal(101, errors.Count);
        Assert.Equal("Too many validation errors, error limit reached. Validation aborted.", errors[^1].Message);
        Assert.Equal("Cannot query field \"f99\" on type \"Query\".", errors[99].Message);
    }
}

namespace CxSemantic.GraphQL.Types;

/// <summary>Where a directive may be used.</summary>
public enum DirectiveLocation
{
    /// <summary>QUERY</summary>
    Query,
    /// <summary>MUTATION</summary>
    Mutation,
    /// <summary>SUBSCRIPTION</summary>
    Subscription,
    /// <summary>FIELD</summary>
    Field,
    /// <summary>FRAGMENT_DEFINITION</summary>
    FragmentDefinition,
    /// <summary>FRAGMENT_SPREAD</summary>
    FragmentSpread,
    /// <summary>INLINE_FRAGMENT</summary>
    InlineFragment,
    /// <summary>VARIABLE_DEFINITION</summary>
    VariableDefinition,
    /// <summary>SCHEMA</summary>
    Schema,
    /// <summary>SCALAR</summary>
    Scalar,
    /// <summary>OBJECT</summary>
    Object,
    /// <summary>FIELD_DEFINITION</summary>
    FieldDefinition,
    /// <summary>ARGUMENT_DEFINITION</summary>
    ArgumentDefinition,
    /// <summary>INTERFACE</summary>
    Interface,
    /// <summary>UNION</summary>
    Union,
    /// <summary>ENUM</summary>
    Enum,
    /// <summary>ENUM_VALUE</summary>
    EnumValue,
    /// <summary>INPUT_OBJECT</summary>
    InputObject,
    /// <summary>INPUT_FIELD_DEFINITION</summary>
    InputFieldDefinition,
    /// <summary>DIRECTIVE_DEFINITION (where @deprecated marks a deprecated directive, as in graphql-js 16.12+ and 17).</summary>
    DirectiveDefinition,
}

/// <summary>Conversions between <see cref="DirectiveLocation"/> and its SDL spelling.</summary>
public static class DirectiveLocations
{
    private static readonly string[] s_names =
    [
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION", "DIRECTIVE_DEFINITION",
    ];

    /// <summary>The SDL name, e.g. FIELD_DEFINITION.</summary>
    public static string ToName(this DirectiveLocation location) => s_names[(int)location];

    /// <summary>Whether a name is a valid directive location.</summary>
    public static bool IsValid(string name) => Array.IndexOf(s_names, name) >= 0;

    /// <summary>Parses an SDL location name.</summary>
    public static DirectiveLocation Parse(string name)
    {
        int index = Array.IndexOf(s_names, name);
        if (index < 0) { throw new ArgumentException($"Unknown directive location '{name}'.", nameof(name)); }
        return (DirectiveLocation)index;
    }
}

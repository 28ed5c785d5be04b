using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;

namespace CxSemantic.GraphQL.Introspection;

/// <summary>The introspection types (spec section 4.2) and the specified directives, built with the schema builder itself.</summary>
internal static class IntrospectionSchema
{
    private const string Sdl = """
        "The capabilities of this GraphQL service: its types, directives and root operation types."
        type __Schema {
          description: String
          types: [__Type!]!
          queryType: __Type!
          mutationType: __Type
          subscriptionType: __Type
          directives(includeDeprecated: Boolean! = false): [__Directive!]!
        }
        "A type of the schema: a named type (scalar, object, interface, union, enum, input object) or a list/non-null wrapper."
        type __Type {
          kind: __TypeKind!
          name: String
          description: String
          specifiedByURL: String
          fields(includeDeprecated: Boolean! = false): [__Field!]
          interfaces: [__Type!]
          possibleTypes: [__Type!]
          enumValues(includeDeprecated: Boolean! = false): [__EnumValue!]
          inputFields(includeDeprecated: Boolean! = false): [__InputValue!]
          ofType: __Type
          isOneOf: Boolean
        }
        "A field of an object or interface type."
        type __Field {
          name: String!
          description: String
          args(includeDeprecated: Boolean! = false): [__InputValue!]!
          type: __Type!
          isDeprecated: Boolean!
          deprecationReason: String
        }
        "An argument or input object field; `defaultValue` is the default printed as a GraphQL literal."
        type __InputValue {
          name: String!
          description: String
          type: __Type!
          defaultValue: String
          isDeprecated: Boolean!
          deprecationReason: String
        }
        "A value of an enum type."
        type __EnumValue {
          name: String!
          description: String
          isDeprecated: Boolean!
          deprecationReason: String
        }
        "A directive that can annotate parts of a document or of the schema."
        type __Directive {
          name: String!
          description: String
          isRepeatable: Boolean!
          locations: [__DirectiveLocation!]!
          args(includeDeprecated: Boolean! = false): [__InputValue!]!
          isDeprecated: Boolean!
          deprecationReason: String
        }
        """;

    private const string DirectivesSdl = """
        "Directs the executor to include this field or fragment only when the `if` argument is true."
        directive @include("Included when true." if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        "Directs the executor to skip this field or fragment when the `if` argument is true."
        directive @skip("Skipped when true." if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        "Marks an element of a GraphQL schema as no longer supported."
        directive @deprecated("Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/)." reason: String! = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE | DIRECTIVE_DEFINITION
        "Exposes a URL that specifies the behavior of this scalar."
        directive @specifiedBy("The URL that specifies the behavior of this scalar." url: String!) on SCALAR
        "Indicates exactly one field must be supplied and this field must not be `null`."
        directive @oneOf on INPUT_OBJECT
        """;

    public static SchemaBuilder CreateBuilder()
    {
        var builder = new SchemaBuilder();
        SdlSchemaReader.Read(builder, GraphQLParser.Parse(Sdl));
        builder.AddEnumType("__TypeKind", e =>
        {
            e.Description("The kind of a `__Type`.");
            foreach (var kind in Enum.GetValues<TypeKind>())
            {
                e.Value(KindName(kind), v => v.RunsAs(kind));
            }
        });
        builder.AddEnumType("__DirectiveLocation", e =>
        {
            e.Description("A place where a directive may be used.");
            foreach (var location in Enum.GetValues<DirectiveLocation>())
            {
                e.Value(location.ToName(), v => v.RunsAs(location));
            }
        });

        builder.AddResolver("__Schema", "description", c => ((Schema)c.Source!).Description);
        builder.AddResolver("__Schema", "types", c => ((Schema)c.Source!).Types);
        builder.AddResolver("__Schema", "queryType", c => ((Schema)c.Source!).QueryType);
        builder.AddResolver("__Schema", "mutationType", c => ((Schema)c.Source!).MutationType);
        builder.AddResolver("__Schema", "subscriptionType", c => ((Schema)c.Source!).SubscriptionType);
        builder.AddResolver("__Schema", "directives", c => ((Schema)c.Source!).Directives.Where(d => IncludeDeprecated(c) || !d.IsDeprecated).ToList());

        builder.AddResolver("__Type", "kind", c => ((GraphQLType)c.Source!).Kind);
        builder.AddResolver("__Type", "name", c => (c.Source as NamedType)?.Name);
        builder.AddResolver("__Type", "description", c => (c.Source as NamedType)?.Description);
        builder.AddResolver("__Type", "specifiedByURL", c => (c.Source as ScalarType)?.SpecifiedByUrl);
        builder.AddResolver("__Type", "fields", c => c.Source is ComplexType t
            ? t.Fields.Where(f => IncludeDeprecated(c) || !f.IsDeprecated).ToList()
            : null);
        builder.AddResolver("__Type", "interfaces", c => (c.Source as ComplexType)?.Interfaces);
        builder.AddResolver("__Type", "possibleTypes", c => c.Source is NamedType { IsAbstract: true } t ? c.Schema.GetPossibleTypes(t) : null);
        builder.AddResolver("__Type", "enumValues", c => c.Source is EnumType t
            ? t.Values.Where(v => IncludeDeprecated(c) || !v.IsDeprecated).ToList()
            : null);
        builder.AddResolver("__Type", "inputFields", c => c.Source is InputObjectType t
            ? t.Fields.Where(v => IncludeDeprecated(c) || !v.IsDeprecated).ToList()
            : null);
        builder.AddResolver("__Type", "ofType", c => c.Source switch
        {
            ListType l => l.OfType,
            NonNullType n => n.OfType,
            _ => null,
        });
        builder.AddResolver("__Type", "isOneOf", c => c.Source is InputObjectType t ? t.IsOneOf : null);

        builder.AddResolver("__Field", "name", c => ((FieldDefinition)c.Source!).Name);
        builder.AddResolver("__Field", "description", c => ((FieldDefinition)c.Source!).Description);
        builder.AddResolver("__Field", "args", c => ((FieldDefinition)c.Source!).Arguments.Where(a => IncludeDeprecated(c) || !a.IsDeprecated).ToList());
        builder.AddResolver("__Field", "type", c => ((FieldDefinition)c.Source!).Type);
        builder.AddResolver("__Field", "isDeprecated", c => ((FieldDefinition)c.Source!).IsDeprecated);
        builder.AddResolver("__Field", "deprecationReason", c => ((FieldDefinition)c.Source!).DeprecationReason);

        builder.AddResolver("__InputValue", "name", c => ((InputValueDefinition)c.Source!).Name);
        builder.AddResolver("__InputValue", "description", c => ((InputValueDefinition)c.Source!).Description);
        builder.AddResolver("__InputValue", "type", c => ((InputValueDefinition)c.Source!).Type);
        builder.AddResolver("__InputValue", "defaultValue", c => PrintDefault((InputValueDefinition)c.Source!));
        builder.AddResolver("__InputValue", "isDeprecated", c => ((InputValueDefinition)c.Source!).IsDeprecated);
        builder.AddResolver("__InputValue", "deprecationReason", c => ((InputValueDefinition)c.Source!).DeprecationReason);

        builder.AddResolver("__EnumValue", "name", c => ((EnumValueDefinition)c.Source!).Name);
        builder.AddResolver("__EnumValue", "description", c => ((EnumValueDefinition)c.Source!).Description);
        builder.AddResolver("__EnumValue", "isDeprecated", c => ((EnumValueDefinition)c.Source!).IsDeprecated);
        builder.AddResolver("__EnumValue", "deprecationReason", c => ((EnumValueDefinition)c.Source!).DeprecationReason);

        builder.AddResolver("__Directive", "name", c => ((DirectiveDefinition)c.Source!).Name);
        builder.AddResolver("__Directive", "description", c => ((DirectiveDefinition)c.Source!).Description);
        builder.AddResolver("__Directive", "isRepeatable", c => ((DirectiveDefinition)c.Source!).IsRepeatable);
        builder.AddResolver("__Directive", "locations", c => ((DirectiveDefinition)c.Source!).Locations);
        builder.AddResolver("__Directive", "args", c => ((DirectiveDefinition)c.Source!).Arguments.Where(a => IncludeDeprecated(c) || !a.IsDeprecated).ToList());
        builder.AddResolver("__Directive", "isDeprecated", c => ((DirectiveDefinition)c.Source!).IsDeprecated);
        builder.AddResolver("__Directive", "deprecationReason", c => ((DirectiveDefinition)c.Source!).DeprecationReason);
        return builder;
    }

    private static bool IncludeDeprecated(ResolverContext c) => c.Arguments.TryGetValue("includeDeprecated", out var v) && v is true;

    internal static string? PrintDefault(InputValueDefinition value)
    {
        if (!value.HasDefaultValue) { return null; }
        var ast = ValueHelpers.AstFromValue(value.DefaultValue, value.Type);
        return ast is null ? null : AstPrinter.Print(ast);
    }

    private static string KindName(TypeKind kind) => kind switch
    {
        TypeKind.InputObject => "INPUT_OBJECT",
        TypeKind.NonNull => "NON_NULL",
        _ => kind.ToString().ToUpperInvariant(),
    };

    public static IEnumerable<DirectiveBuilder> SpecifiedDirectives()
    {
        var builder = new SchemaBuilder();
        SdlSchemaReader.Read(builder, GraphQLParser.Parse(DirectivesSdl));
        return builder.DirectiveBuilders;
    }

    public static FieldDefinition CreateSchemaField(Schema schema)
        => new("__schema", "Access the current type schema of this server.", new NonNullType(schema.GetType("__Schema")!), [], c => new ValueTask<object?>(c.Schema), null, 0);

    public static FieldDefinition CreateTypeField(Schema schema)
        => new(
            "__type",
            "Request the type information of a single type.",
            schema.GetType("__Type")!,
            [new InputValueDefinition("name", null, new NonNullType(ScalarType.String), null, null)],
            c => new ValueTask<object?>(c.Schema.GetType((string)c.Arguments["name"]!)),
            null,
            0);

    public static FieldDefinition CreateTypeNameField(Schema schema)
        => new("__typename", "The name of the current Object type at runtime.", new NonNullType(ScalarType.String), [], c => new ValueTask<object?>(c.ParentType.Name), null, 0);
}

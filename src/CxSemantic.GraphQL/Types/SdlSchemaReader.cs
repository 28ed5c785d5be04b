using CxSemantic.GraphQL.Language;

namespace CxSemantic.GraphQL.Types;

/// <summary>Turns SDL definitions into builder configurations (graphql-js buildASTSchema/extendSchema).</summary>
internal static class SdlSchemaReader
{
    public static void Read(SchemaBuilder builder, DocumentNode document)
    {
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case SchemaDefinitionNode schema:
                    if (schema.Description is not null) { builder.Description(schema.Description.Value); }
                    foreach (var op in schema.OperationTypes)
                    {
                        _ = op.Operation switch
                        {
                            OperationType.Query => builder.QueryType(op.Type.Name.Value),
                            OperationType.Mutation => builder.MutationType(op.Type.Name.Value),
                            _ => builder.SubscriptionType(op.Type.Name.Value),
                        };
                    }
                    break;
                case ScalarTypeDefinitionNode scalar:
                    if (!scalar.IsExtension)
                    {
                        builder.Add(new ScalarConfig(scalar.Name.Value, scalar.Description?.Value, GetArgument(scalar.Directives, "specifiedBy", "url")));
                    }
                    break;
                case ComplexTypeDefinitionNode complex:
                {
                    var target = DefinedOrExtended<ComplexTypeBuilder>(
                        builder,
                        complex,
                        name => complex.Kind == SyntaxKind.ObjectTypeDefinition ? new ObjectTypeBuilder(name) : new InterfaceTypeBuilder(name));
                    target.InterfaceNames.AddRange(complex.Interfaces.Select(i => i.Name.Value));
                    foreach (var field in complex.Fields)
                    {
                        var fb = new FieldBuilder(field.Name.Value, field.Type)
                        {
                            DescriptionText = field.Description?.Value,
                            DeprecationReason = Deprecation(field.Directives),
                        };
                        fb.Arguments.AddRange(field.Arguments.Select(InputValue));
                        target.FieldBuilders.Add(fb);
                    }
                    break;
                }
                case UnionTypeDefinitionNode union:
                {
                    var target = DefinedOrExtended(builder, union, name => new UnionTypeBuilder(name));
                    target.MemberNames.AddRange(union.Types.Select(t => t.Name.Value));
                    break;
                }
                case EnumTypeDefinitionNode enumNode:
                {
                    var target = DefinedOrExtended(builder, enumNode, name => new EnumTypeBuilder(name));
                    foreach (var value in enumNode.Values)
                    {
                        target.Value(value.Name.Value, v =>
                        {
                            v.DescriptionText = value.Description?.Value;
                            v.DeprecationReason = Deprecation(value.Directives);
                        });
                    }
                    break;
                }
                case InputObjectTypeDefinitionNode input:
                {
                    var target = DefinedOrExtended(builder, input, name => new InputObjectTypeBuilder(name));
                    if (input.Directives.Any(d => d.Name.Value == "oneOf")) { target.OneOf(); }
                    target.Fields.AddRange(input.Fields.Select(InputValue));
                    break;
                }
                case DirectiveDefinitionNode directive:
                {
                    var db = new DirectiveBuilder(directive.Name.Value) { DescriptionText = directive.Description?.Value, DeprecationReason = Deprecation(directive.Directives) };
                    db.Arguments.AddRange(directive.Arguments.Select(InputValue));
                    db.Locations([.. directive.Locations.Select(l => DirectiveLocations.Parse(l.Value))]);
                    if (directive.Repeatable) { db.Repeatable(); }
                    builder.AddDirectiveBuilder(db);
                    break;
                }
                default:
                    throw new SchemaException($"{definition.Kind} is not allowed in a type system document.");
            }
        }
    }

    /// <summary>
    /// The builder an SDL type definition adds to: a new one (created by <paramref name="create"/>, with the
    /// definition's description) or, for an extension, the one already defined under its name.
    /// </summary>
    private static T DefinedOrExtended<T>(SchemaBuilder builder, TypeDefinitionNode definition, Func<string, T> create)
        where T : TypeConfig
    {
        var name = definition.Name.Value;
        if (definition.IsExtension)
        {
            return builder.Find(name) as T ?? throw new SchemaException($"Cannot extend type \"{name}\" because it is not defined.");
        }

        var target = create(name);
        target.DescriptionText = definition.Description?.Value;
        builder.Add(target);
        return target;
    }

    private static InputValueBuilder InputValue(InputValueDefinitionNode node) => new(node.Name.Value, node.Type)
    {
        DescriptionText = node.Description?.Value,
        DefaultLiteral = node.DefaultValue,
        DeprecationReason = Deprecation(node.Directives),
    };

    private static string? Deprecation(IReadOnlyList<DirectiveNode> directives)
    {
        var deprecated = directives.FirstOrDefault(d => d.Name.Value == "deprecated");
        if (deprecated is null) { return null; }
        return GetArgument(directives, "deprecated", "reason") ?? "No longer supported";
    }

    private static string? GetArgument(IReadOnlyList<DirectiveNode> directives, string directive, string argument)
    {
        var d = directives.FirstOrDefault(x => x.Name.Value == directive);
        var arg = d?.Arguments.FirstOrDefault(a => a.Name.Value == argument);
        return arg?.Value is StringValueNode s ? s.Value : null;
    }
}

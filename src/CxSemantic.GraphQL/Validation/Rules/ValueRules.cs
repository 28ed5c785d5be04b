using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>Spec 5.6.1 Values of Correct Type, 5.6.2 Input Object Field Names, 5.6.4 Input Object Required Fields (and @oneOf).</summary>
internal sealed class ValuesOfCorrectTypeRule : ValidationRule
{
    public override string Name => "ValuesOfCorrectTypeRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.ListValue, SyntaxKind.ObjectValue, SyntaxKind.ObjectField, SyntaxKind.NullValue, SyntaxKind.EnumValue, SyntaxKind.IntValue, SyntaxKind.FloatValue, SyntaxKind.StringValue, SyntaxKind.BooleanValue];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        var typeInfo = context.TypeInfo;
        switch (node)
        {
            case ListValueNode list:
                if (typeInfo.ParentInputType?.Nullable is not ListType)
                {
                    IsValidValueNode(context, list);
                    return false;
                }
                return true;
            case ObjectValueNode obj:
            {
                if (typeInfo.InputType?.GetNamedType() is not InputObjectType type)
                {
                    IsValidValueNode(context, obj);
                    return false;
                }
                for (int iFieldDef = 0; iFieldDef < type.Fields.Count; iFieldDef++)
                {
                    var fieldDef = type.Fields[iFieldDef];
                    if (fieldDef.Type is NonNullType && !fieldDef.HasDefaultValue && !HasField(obj, fieldDef.Name))
                    {
                        context.Report(Format(RequiredInputField, type.Name, fieldDef.Name, fieldDef.Type), obj);
                    }
                }
                if (type.IsOneOf)
                {
                    var fieldNodes = new Dictionary<string, ObjectFieldNode>(StringComparer.Ordinal);
                    foreach (var f in obj.Fields) { fieldNodes[f.Name.Value] = f; }
                    ValidateOneOf(context, obj, type, fieldNodes);
                }
                return true;
            }
            case ObjectFieldNode field:
            {
                var parentType = typeInfo.ParentInputType?.GetNamedType();
                if (typeInfo.InputType is null && parentType is InputObjectType parentObject)
                {
                    var suggestions = Suggestions.List(field.Name.Value, parentObject.Fields.Select(f => f.Name));
                    context.Report(Format(UnknownInputField, field.Name.Value, parentObject.Name) + Suggestions.DidYouMean(suggestions), field);
                }
                return true;
            }
            case NullValueNode nullValue:
                if (typeInfo.InputType is NonNullType nonNull)
                {
                    context.Report(Format(BadValue, nonNull, AstPrinter.Print(nullValue)), nullValue);
                }
                return true;
            case EnumValueNode or IntValueNode or FloatValueNode or StringValueNode or BooleanValueNode:
                IsValidValueNode(context, (ValueNode)node);
                return true;
            default:
                return true;
        }
    }

    private static bool HasField(ObjectValueNode node, string name)
    {
        for (int i = 0; i < node.Fields.Count; i++)
        {
            if (node.Fields[i].Name.Value == name) { return true; }
        }
        return false;
    }

    private static void ValidateOneOf(ValidationContext context, ObjectValueNode node, InputObjectType type, Dictionary<string, ObjectFieldNode> fieldNodes)
    {
        if (fieldNodes.Count != 1)
        {
            context.Report(Format(OneOfExactlyOneKey, type.Name), node);
            return;
        }
        // A nullable variable as the one field is reported by VariablesInAllowedPositionRule alone (graphql-js 16.12+, 17).
        var (key, field) = fieldNodes.First();
        if (field.Value is NullValueNode)
        {
            context.Report(Format(OneOfNonNull, type.Name, key), node);
        }
    }

    private static void IsValidValueNode(ValidationContext context, ValueNode node)
    {
        var locationType = context.TypeInfo.InputType;
        if (locationType is null) { return; }
        var type = locationType.GetNamedType();
        if (!type.IsLeaf)
        {
            context.Report(Format(BadValue, locationType, AstPrinter.Print(node)), node);
            return;
        }
        try
        {
            if (type is EnumType enumType) { ValueHelpers.ParseEnumLiteral(enumType, node); }
            else { ((ScalarType)type).ParseLiteral(node); }
        }
        catch (GraphQLException ex)
        {
            context.Report(ex.Message, node);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            context.Report(Format(BadValueWithReason, locationType, AstPrinter.Print(node), ex.Message), node);
        }
    }
}

/// <summary>Spec 5.6.3 Input Object Field Uniqueness.</summary>
internal sealed class UniqueInputFieldNamesRule : ValidationRule
{
    public override string Name => "UniqueInputFieldNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.ObjectValue];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        var fields = ((ObjectValueNode)node).Fields;
        for (int i = 1; i < fields.Count; i++)
        {
            string name = fields[i].Name.Value;
            for (int j = 0; j < i; j++)
            {
                if (fields[j].Name.Value == name)
                {
                    context.Report(Format(DuplicateInputField, name), fields[j].Name, fields[i].Name);
                    break;
                }
            }
        }
        return true;
    }
}

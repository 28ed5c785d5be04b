using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>Spec 5.3.3 Leaf Field Selections.</summary>
internal sealed class ScalarLeafsRule : ValidationRule
{
    public override string Name => "ScalarLeafsRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Field];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is not FieldNode field) { return true; }
        var type = context.TypeInfo.Type;
        if (type is null) { return true; }
        if (type.GetNamedType().IsLeaf)
        {
            if (field.SelectionSet is not null)
            {
                context.Report(Format(NoSubselectionAllowed, field.Name.Value, type), field.SelectionSet);
            }
        }
        else if (field.SelectionSet is null)
        {
            context.Report(Format(RequiredSubselection, field.Name.Value, type), field);
        }
        return true;
    }
}

/// <summary>Spec 5.3.1 Field Selections on Objects, Interfaces, and Unions Types.</summary>
internal sealed class FieldsOnCorrectTypeRule : ValidationRule
{
    public override string Name => "FieldsOnCorrectTypeRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Field];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is not FieldNode field) { return true; }
        var type = context.TypeInfo.ParentType;
        if (type is null || context.TypeInfo.FieldDef is not null) { return true; }
        string fieldName = field.Name.Value;
        string suggestion = Suggestions.DidYouMean(SuggestedTypeNames(context.Schema, type, fieldName), "to use an inline fragment on");
        if (suggestion.Length == 0)
        {
            suggestion = Suggestions.DidYouMean(type is ComplexType complex ? Suggestions.List(fieldName, complex.Fields.Select(f => f.Name)) : []);
        }
        context.Report(Format(UndefinedField, fieldName, type.Name) + suggestion, field);
        return true;
    }

    private static List<string> SuggestedTypeNames(Schema schema, NamedType type, string fieldName)
    {
        if (!type.IsAbstract) { return []; }
        var suggested = new List<NamedType>();
        var usage = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var possible in schema.GetPossibleTypes(type))
        {
            if (possible.GetField(fieldName) is null) { continue; }
            if (!suggested.Contains(possible)) { suggested.Add(possible); }
            usage[possible.Name] = 1;
            for (int iIface = 0; iIface < possible.Interfaces.Count; iIface++)
            {
                var iface = possible.Interfaces[iIface];
                if (iface.GetField(fieldName) is null) { continue; }
                if (!suggested.Contains(iface)) { suggested.Add(iface); }
                usage[iface.Name] = usage.GetValueOrDefault(iface.Name) + 1;
            }
        }
        suggested.Sort((a, b) =>
        {
            int diff = usage[b.Name] - usage[a.Name];
            if (diff != 0) { return diff; }
            if (a is InterfaceType && schema.IsSubType(a, b)) { return -1; }
            if (b is InterfaceType && schema.IsSubType(b, a)) { return 1; }
            return Suggestions.NaturalCompare(a.Name, b.Name);
        });
        return [.. suggested.Select(t => t.Name)];
    }
}

/// <summary>Spec 5.4.1 Argument Names.</summary>
internal sealed class KnownArgumentNamesRule : ValidationRule
{
    public override string Name => "KnownArgumentNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Directive, SyntaxKind.Argument];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case DirectiveNode directive:
            {
                var definition = context.Schema.GetDirective(directive.Name.Value);
                if (definition is null) { return false; }
                for (int iArgument = 0; iArgument < directive.Arguments.Count; iArgument++)
                {
                    var argument = directive.Arguments[iArgument];
                    if (definition.GetArgument(argument.Name.Value) is null)
                    {
                        var suggestions = Suggestions.List(argument.Name.Value, definition.Arguments.Select(a => a.Name));
                        context.Report(Format(UnknownDirectiveArgument, argument.Name.Value, directive.Name.Value) + Suggestions.DidYouMean(suggestions), argument);
                    }
                }
                return false;
            }
            case ArgumentNode argument:
            {
                var fieldDef = context.TypeInfo.FieldDef;
                var parentType = context.TypeInfo.ParentType;
                if (context.TypeInfo.Argument is null && fieldDef is not null && parentType is not null)
                {
                    var suggestions = Suggestions.List(argument.Name.Value, fieldDef.Arguments.Select(a => a.Name));
                    context.Report(Format(UnknownArgument, argument.Name.Value, parentType.Name, fieldDef.Name) + Suggestions.DidYouMean(suggestions), argument);
                }
                break;
            }
        }
        return true;
    }
}

/// <summary>Spec 5.4.2 Argument Uniqueness.</summary>
internal sealed class UniqueArgumentNamesRule : ValidationRule
{
    public override string Name => "UniqueArgumentNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Field, SyntaxKind.Directive];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        var arguments = node switch
        {
            FieldNode f => f.Arguments,
            DirectiveNode d => d.Arguments,
            _ => null,
        };
        if (arguments is null || arguments.Count < 2) { return true; }
        for (int i = 0; i < arguments.Count; i++)
        {
            string name = arguments[i].Name.Value;
            bool seenBefore = false;
            for (int j = 0; j < i && !seenBefore; j++) { seenBefore = arguments[j].Name.Value == name; }
            if (seenBefore) { continue; }
            List<NameNode>? duplicates = null;
            for (int j = i + 1; j < arguments.Count; j++)
            {
                if (arguments[j].Name.Value == name) { (duplicates ??= [arguments[i].Name]).Add(arguments[j].Name); }
            }
            if (duplicates is not null) { context.Report(Format(DuplicateArgument, name), duplicates); }
        }
        return true;
    }
}

/// <summary>Spec 5.4.2.1 Required Arguments (fields and directives).</summary>
internal sealed class ProvidedRequiredArgumentsRule : ValidationRule
{
    private static bool HasArgument(IReadOnlyList<ArgumentNode> arguments, string name)
    {
        for (int i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].Name.Value == name) { return true; }
        }
        return false;
    }

    public override string Name => "ProvidedRequiredArgumentsRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.Field, SyntaxKind.Directive];

    public override void Leave(SyntaxNode node, ValidationContext context)
    {
        switch (node)
        {
            case FieldNode field:
            {
                var fieldDef = context.TypeInfo.FieldDef;
                if (fieldDef is null) { return; }
                for (int iArgDef = 0; iArgDef < fieldDef.Arguments.Count; iArgDef++)
                {
                    var argDef = fieldDef.Arguments[iArgDef];
                    if (argDef.Type is NonNullType && !argDef.HasDefaultValue && !HasArgument(field.Arguments, argDef.Name))
                    {
                        context.Report(Format(MissingFieldArgument, fieldDef.Name, argDef.Name, argDef.Type), field);
                    }
                }
                break;
            }
            case DirectiveNode directive:
            {
                var definition = context.Schema.GetDirective(directive.Name.Value);
                if (definition is null) { return; }
                for (int iArgDef = 0; iArgDef < definition.Arguments.Count; iArgDef++)
                {
                    var argDef = definition.Arguments[iArgDef];
                    if (argDef.Type is NonNullType && !argDef.HasDefaultValue && !HasArgument(directive.Arguments, argDef.Name))
                    {
                        context.Report(Format(MissingDirectiveArgument, directive.Name.Value, argDef.Name, argDef.Type), directive);
                    }
                }
                break;
            }
        }
    }
}

using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Language;
using CxSemantic.GraphQL.Printing;
using CxSemantic.GraphQL.Types;
using static CxSemantic.GraphQL.Validation.ValidationMessages;

namespace CxSemantic.GraphQL.Validation.Rules;

/// <summary>Spec 5.8.2 Variables Are Input Types.</summary>
internal sealed class VariablesAreInputTypesRule : ValidationRule
{
    public override string Name => "VariablesAreInputTypesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.VariableDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is VariableDefinitionNode definition)
        {
            var type = VariableCoercion.TypeFromAst(context.Schema, definition.Type);
            if (type is not null && !type.IsInputType)
            {
                context.Report(Format(NonInputTypeOnVariable, definition.Variable.Name.Value, AstPrinter.Print(definition.Type)), definition.Type);
            }
        }
        return true;
    }
}

/// <summary>Spec 5.8.1 Variable Uniqueness.</summary>
internal sealed class UniqueVariableNamesRule : ValidationRule
{
    public override string Name => "UniqueVariableNamesRule";

    public override SyntaxKind[] Kinds => [SyntaxKind.OperationDefinition];

    public override bool Enter(SyntaxNode node, ValidationContext context)
    {
        if (node is OperationDefinitionNode op && op.VariableDefinitions.Count > 1)
        {
            foreach (var group in op.VariableDefinitions.GroupBy(v => v.Variable.Name.Value, StringComparer.Ordinal))
            {
                if (group.Count() > 1)
                {
                    context.Report(Format(DuplicateVariable, group.Key), group.Select(v => v.Variable.Name));
                }
            }
        }
        return true;
    }
}

/// <summary>Spec 5.8.3 All Variable Uses Defined.</summary>
internal sealed class NoUndefinedVariablesRule : OperationCheckRule
{
    public override string Name => "NoUndefinedVariablesRule";

    protected override void Check(OperationDefinitionNode op, ValidationContext context)
    {
        var defined = new HashSet<string>(op.VariableDefinitions.Select(v => v.Variable.Name.Value), StringComparer.Ordinal);
        foreach (var usage in context.GetRecursiveVariableUsages(op))
        {
            string name = usage.Node.Name.Value;
            if (!defined.Contains(name))
            {
                context.Report(op.Name is not null ? Format(UndefinedVariableInOperation, name, op.Name.Value) : Format(UndefinedVariable, name), usage.Node, op);
            }
        }
    }
}

/// <summary>Spec 5.8.4 All Variables Used.</summary>
internal sealed class NoUnusedVariablesRule : OperationCheckRule
{
    public override string Name => "NoUnusedVariablesRule";

    protected override void Check(OperationDefinitionNode op, ValidationContext context)
    {
        var used = new HashSet<string>(context.GetRecursiveVariableUsages(op).Select(u => u.Node.Name.Value), StringComparer.Ordinal);
        for (int iDefinition = 0; iDefinition < op.VariableDefinitions.Count; iDefinition++)
        {
            var definition = op.VariableDefinitions[iDefinition];
            string name = definition.Variable.Name.Value;
            if (!used.Contains(name))
            {
                context.Report(op.Name is not null ? Format(UnusedVariableInOperation, name, op.Name.Value) : Format(UnusedVariable, name), definition);
            }
        }
    }
}

/// <summary>Spec 5.8.5 All Variable Usages Are Allowed.</summary>
internal sealed class VariablesInAllowedPositionRule : OperationCheckRule
{
    public override string Name => "VariablesInAllowedPositionRule";

    protected override void Check(OperationDefinitionNode op, ValidationContext context)
    {
        var definitions = new Dictionary<string, VariableDefinitionNode>(StringComparer.Ordinal);
        foreach (var d in op.VariableDefinitions) { definitions[d.Variable.Name.Value] = d; }
        foreach (var usage in context.GetRecursiveVariableUsages(op))
        {
            string name = usage.Node.Name.Value;
            if (!definitions.TryGetValue(name, out var definition) || usage.Type is null) { continue; }
            var varType = VariableCoercion.TypeFromAst(context.Schema, definition.Type);
            if (varType is null) { continue; }
            if (!Allowed(context.Schema, varType, definition.DefaultValue, usage.Type, usage.HasLocationDefault))
            {
                context.Report(Format(BadVariablePosition, name, varType, usage.Type), definition, usage.Node);
            }
            if (usage.ParentType is InputObjectType { IsOneOf: true } oneOf && varType is not NonNullType)
            {
                context.Report(Format(OneOfVariableNullable, name, varType, oneOf.Name), definition, usage.Node);
            }
        }
    }

    private static bool Allowed(Schema schema, GraphQLType varType, ValueNode? varDefault, GraphQLType locationType, bool hasLocationDefault)
    {
        if (locationType is NonNullType nonNull && varType is not NonNullType)
        {
            bool hasNonNullVariableDefault = varDefault is not null and not NullValueNode;
            if (!hasNonNullVariableDefault && !hasLocationDefault) { return false; }
            return schema.IsTypeSubTypeOf(varType, nonNull.OfType);
        }
        return schema.IsTypeSubTypeOf(varType, locationType);
    }
}

namespace CxSemantic.GraphQL.Types;

/// <summary>Type-system validation (spec section 3, graphql-js validateSchema), reduced to the rules that matter for built schemas.</summary>
internal static class SchemaValidator
{
    public static void Validate(IReadOnlyList<NamedType> types, IReadOnlyList<DirectiveDefinition> directives, List<string> errors)
    {
        foreach (var type in types)
        {
            if (!type.Name.StartsWith("__", StringComparison.Ordinal))
            {
                ValidateMemberNames(type, errors);
            }
            if (type is InputObjectType input)
            {
                ValidateInputCycles(input, errors);
            }
        }

        foreach (var type in types)
        {
            switch (type)
            {
                case ComplexType complex:
                    if (complex.Fields.Count == 0)
                    {
                        errors.Add($"Type {complex.Name} must define one or more fields.");
                    }
                    foreach (var field in complex.Fields)
                    {
                        if (!field.Type.IsOutputType)
                        {
                            errors.Add($"The type of {complex.Name}.{field.Name} must be Output Type but got: {field.Type}.");
                        }
                        foreach (var arg in field.Arguments)
                        {
                            if (!arg.Type.IsInputType)
                            {
                                errors.Add($"The type of {complex.Name}.{field.Name}({arg.Name}:) must be Input Type but got: {arg.Type}.");
                            }
                        }
                    }
                    foreach (var iface in complex.Interfaces)
                    {
                        ValidateImplementation(complex, iface, errors);
                    }
                    break;
                case UnionType union:
                    if (union.Types.Count == 0)
                    {
                        errors.Add($"Union type {union.Name} must define one or more member types.");
                    }
                    break;
                case EnumType e:
                    if (e.Values.Count == 0)
                    {
                        errors.Add($"Enum type {e.Name} must define one or more values.");
                    }
                    break;
                case InputObjectType input:
                    if (input.Fields.Count == 0)
                    {
                        errors.Add($"Input Object type {input.Name} must define one or more fields.");
                    }
                    foreach (var field in input.Fields)
                    {
                        if (!field.Type.IsInputType)
                        {
                            errors.Add($"The type of {input.Name}.{field.Name} must be Input Type but got: {field.Type}.");
                        }
                        if (input.IsOneOf && field.Type is NonNullType)
                        {
                            errors.Add($"OneOf input field {input.Name}.{field.Name} must be nullable.");
                        }
                        if (input.IsOneOf && field.HasDefaultValue)
                        {
                            errors.Add($"OneOf input field {input.Name}.{field.Name} cannot have a default value.");
                        }
                    }
                    break;
            }
        }

        foreach (var directive in directives)
        {
            if (directive.Locations.Count == 0)
            {
                errors.Add($"Directive @{directive.Name} must include 1 or more locations.");
            }
        }
    }

    private static void ValidateMemberNames(NamedType type, List<string> errors)
    {
        void CheckName(string name)
        {
            if (name.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add($"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
            }
        }

        void CheckUnique(IEnumerable<string> names, Func<string, string> message)
        {
            foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                errors.Add(message(duplicate.Key));
            }
        }

        switch (type)
        {
            case ComplexType complex:
                CheckUnique(complex.Fields.Select(f => f.Name), n => $"Field \"{complex.Name}.{n}\" can only be defined once.");
                CheckUnique(complex.Interfaces.Select(i => i.Name), n => $"Type {complex.Name} can only implement {n} once.");
                foreach (var field in complex.Fields)
                {
                    CheckName(field.Name);
                    CheckUnique(field.Arguments.Select(a => a.Name), n => $"Argument \"{complex.Name}.{field.Name}({n}:)\" can only be defined once.");
                    foreach (var arg in field.Arguments) { CheckName(arg.Name); }
                }
                break;
            case InputObjectType input:
                CheckUnique(input.Fields.Select(f => f.Name), n => $"Field \"{input.Name}.{n}\" can only be defined once.");
                foreach (var field in input.Fields) { CheckName(field.Name); }
                break;
            case EnumType e:
                CheckUnique(e.Values.Select(v => v.Name), n => $"Enum value \"{e.Name}.{n}\" can only be defined once.");
                break;
            case UnionType u:
                CheckUnique(u.Types.Select(t => t.Name), n => $"Union type {u.Name} can only include type {n} once.");
                break;
        }
    }

    /// <summary>Input objects must not reference themselves through non-null fields (spec 3.10.1, graphql-js validateInputObjectCircularRefs).</summary>
    private static void ValidateInputCycles(InputObjectType start, List<string> errors)
    {
        var path = new List<string>();
        var visiting = new HashSet<InputObjectType>();

        void Visit(InputObjectType type)
        {
            if (!visiting.Add(type)) { return; }
            foreach (var field in type.Fields)
            {
                if (field.Type is NonNullType { OfType: InputObjectType target })
                {
                    path.Add(field.Name);
                    if (ReferenceEquals(target, start))
                    {
                        errors.Add($"Cannot reference Input Object \"{start.Name}\" within itself through a series of non-null fields: \"{string.Join(".", path)}\".");
                    }
                    else
                    {
                        Visit(target);
                    }
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        Visit(start);
    }

    private static void ValidateImplementation(ComplexType type, InterfaceType iface, List<string> errors)
    {
        if (ReferenceEquals(type, iface))
        {
            errors.Add($"Type {type.Name} cannot implement itself because it would create a circular reference.");
            return;
        }
        foreach (var transitive in iface.Interfaces)
        {
            if (!type.Interfaces.Contains(transitive))
            {
                errors.Add($"Type {type.Name} must implement {transitive.Name} because it is implemented by {iface.Name}.");
            }
        }
        foreach (var ifaceField in iface.Fields)
        {
            var field = type.GetField(ifaceField.Name);
            if (field is null)
            {
                errors.Add($"Interface field {iface.Name}.{ifaceField.Name} expected but {type.Name} does not provide it.");
                continue;
            }
            if (!IsCovariant(field.Type, ifaceField.Type))
            {
                errors.Add($"Interface field {iface.Name}.{ifaceField.Name} expects type {ifaceField.Type} but {type.Name}.{field.Name} is type {field.Type}.");
            }
            foreach (var ifaceArg in ifaceField.Arguments)
            {
                var arg = field.GetArgument(ifaceArg.Name);
                if (arg is null)
                {
                    errors.Add($"Interface field argument {iface.Name}.{ifaceField.Name}({ifaceArg.Name}:) expected but {type.Name}.{field.Name} does not provide it.");
                }
                else if (!GraphQLType.AreEqual(arg.Type, ifaceArg.Type))
                {
                    errors.Add($"Interface field argument {iface.Name}.{ifaceField.Name}({ifaceArg.Name}:) expects type {ifaceArg.Type} but {type.Name}.{field.Name}({arg.Name}:) is type {arg.Type}.");
                }
            }
            foreach (var arg in field.Arguments)
            {
                if (ifaceField.GetArgument(arg.Name) is null && arg.Type is NonNullType)
                {
                    errors.Add($"Object field {type.Name}.{field.Name} includes required argument {arg.Name} that is missing from the Interface field {iface.Name}.{ifaceField.Name}.");
                }
            }
        }
    }

    private static bool IsCovariant(GraphQLType sub, GraphQLType super)
    {
        if (GraphQLType.AreEqual(sub, super)) { return true; }
        if (super is NonNullType superNn) { return sub is NonNullType subNn && IsCovariant(subNn.OfType, superNn.OfType); }
        if (sub is NonNullType nn) { return IsCovariant(nn.OfType, super); }
        if (super is ListType superList) { return sub is ListType subList && IsCovariant(subList.OfType, superList.OfType); }
        if (sub is ListType) { return false; }
        return super switch
        {
            InterfaceType i => sub is ComplexType c && c.Interfaces.Contains(i),
            UnionType u => sub is ObjectType o && u.Types.Contains(o),
            _ => false,
        };
    }
}

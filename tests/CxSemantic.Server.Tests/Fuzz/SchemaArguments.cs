using System.Text;
using System.Text.Json.Nodes;

namespace CxSemantic.Server.Tests.Fuzz;

/// <summary>A type reference from introspection (NON_NULL and LIST wrap <see cref="OfType"/>).</summary>
public sealed record TypeRef(string Kind, string? Name, TypeRef? OfType)
{
    public bool IsNonNull => Kind == "NON_NULL";

    /// <summary>The type without NON_NULL.</summary>
    public TypeRef Nullable => IsNonNull ? OfType! : this;

    /// <summary>The named type inside every wrapper.</summary>
    public string Named => Name ?? OfType!.Named;

    /// <summary>The type as written in SDL, e.g. <c>[MetricOrderInput!]</c>.</summary>
    public string Sdl => Kind switch
    {
        "NON_NULL" => OfType!.Sdl + "!",
        "LIST" => "[" + OfType!.Sdl + "]",
        _ => Name!,
    };

    public static TypeRef From(JsonNode node) =>
        new((string)node["kind"]!, (string?)node["name"], node["ofType"] is { } inner ? From(inner) : null);
}

/// <summary>An argument or input field.</summary>
public sealed record InputValueInfo(string Name, TypeRef Type);

/// <summary>A field of an object type with its arguments.</summary>
public sealed record FieldInfo(string Name, IReadOnlyList<InputValueInfo> Args, TypeRef Type);

/// <summary>A named type from introspection.</summary>
public sealed record NamedTypeInfo(string Name, string Kind, IReadOnlyList<FieldInfo> Fields, IReadOnlyList<InputValueInfo> InputFields, IReadOnlyList<string> EnumValues);

/// <summary>
/// One place a hostile value goes: the fields leading to <see cref="Field"/> (from Query), its argument
/// <see cref="Argument"/>, and the steps inside the argument (input field names, or <c>[]</c> for a list element).
/// </summary>
public sealed record FuzzTarget(IReadOnlyList<FieldInfo> Path, FieldInfo Field, InputValueInfo Argument, IReadOnlyList<string> Steps, TypeRef LeafType, bool FirstOfItsKind)
{
    public override string ToString() =>
        string.Join(".", Path.Select(f => f.Name).Append(Field.Name)) + "(" + Argument.Name + (Steps.Count == 0 ? "" : "." + string.Join(".", Steps)) + ")";
}

/// <summary>The served schema as introspection reports it, and every argument position reachable from Query.</summary>
public sealed class SchemaArguments
{
    private const string Introspection = """
        { __schema { queryType { name } types { name kind
            fields(includeDeprecated: true) { name args { name type { ...T } } type { ...T } }
            inputFields { name type { ...T } }
            enumValues(includeDeprecated: true) { name } } } }
        fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
        """;

    private readonly Dictionary<string, NamedTypeInfo> _types;
    private readonly string _query;

    private SchemaArguments(Dictionary<string, NamedTypeInfo> types, string query)
    {
        _types = types;
        _query = query;
    }

    public static async Task<SchemaArguments> LoadAsync(FuzzServer server)
    {
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["query"] = Introspection }.ToJsonString());
        var response = await server.PostAsync(body);
        var schema = response.Body?["data"]?["__schema"] ?? throw new InvalidOperationException("Introspection failed: " + response.Text);
        var types = new Dictionary<string, NamedTypeInfo>(StringComparer.Ordinal);
        foreach (var type in schema["types"]!.AsArray())
        {
            static IReadOnlyList<InputValueInfo> Inputs(JsonNode? list) =>
                list?.AsArray().Select(a => new InputValueInfo((string)a!["name"]!, TypeRef.From(a["type"]!))).ToList() ?? [];
            var fields = type!["fields"]?.AsArray().Select(f => new FieldInfo((string)f!["name"]!, Inputs(f["args"]), TypeRef.From(f["type"]!))).ToList() ?? [];
            var enumValues = type["enumValues"]?.AsArray().Select(e => (string)e!["name"]!).ToList() ?? [];
            types[(string)type["name"]!] = new NamedTypeInfo((string)type["name"]!, (string)type["kind"]!, fields, Inputs(type["inputFields"]), enumValues);
        }

        return new SchemaArguments(types, (string)schema["queryType"]!["name"]!);
    }

    public NamedTypeInfo Type(string name) => _types[name];

    /// <summary>
    /// Every argument position: each field with arguments, reached from Query by its shortest path; inside each
    /// argument every input field and list element down to <paramref name="maxDepth"/> steps. A (input type, field)
    /// pair seen before is marked so that the caller may send fewer values there.
    /// </summary>
    public IReadOnlyList<FuzzTarget> Targets(int maxDepth = 4)
    {
        var targets = new List<FuzzTarget>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, field) in FieldsWithArguments())
        {
            foreach (var argument in field.Args)
            {
                Positions(argument.Type, [], $"{field.Name}/{argument.Name}", maxDepth, seen, (steps, leaf, first) =>
                    targets.Add(new FuzzTarget(path, field, argument, steps, leaf, first)));
            }
        }

        return targets;
    }

    private void Positions(TypeRef type, List<string> steps, string owner, int depth, HashSet<string> seen, Action<IReadOnlyList<string>, TypeRef, bool> add)
    {
        var nullable = type.Nullable;
        add([.. steps], type, seen.Add(owner));
        if (depth == 0)
        {
            return;
        }

        if (nullable.Kind == "LIST")
        {
            Positions(nullable.OfType!, [.. steps, "[]"], owner + "[]", depth - 1, seen, add);
        }
        else if (nullable.Kind == "INPUT_OBJECT")
        {
            foreach (var field in _types[nullable.Name!].InputFields)
            {
                // Positions are keyed by the input type that holds them: StringOperationFilterInput.eq is one position whichever dimension leads there.
                Positions(field.Type, [.. steps, field.Name], $"{nullable.Name}.{field.Name}", depth - 1, seen, add);
            }
        }
    }

    /// <summary>Each field with arguments on each object type, with the shortest field path from Query to that type.</summary>
    private IEnumerable<(IReadOnlyList<FieldInfo> Path, FieldInfo Field)> FieldsWithArguments()
    {
        var paths = new Dictionary<string, IReadOnlyList<FieldInfo>>(StringComparer.Ordinal) { [_query] = [] };
        var queue = new Queue<string>([_query]);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            foreach (var field in _types[name].Fields)
            {
                if (field.Args.Count > 0)
                {
                    yield return (paths[name], field);
                }

                var target = field.Type.Named;
                if (_types[target].Kind == "OBJECT" && !paths.ContainsKey(target))
                {
                    paths[target] = [.. paths[name], field];
                    queue.Enqueue(target);
                }
            }
        }
    }

    /// <summary>A valid value for a required input of <paramref name="type"/> (so that the hostile value is not refused for a missing sibling).</summary>
    public FuzzValue Default(TypeRef type, string name)
    {
        var nullable = type.Nullable;
        if (nullable.Kind == "LIST")
        {
            return new FuzzValue.List([Default(nullable.OfType!, name)]);
        }

        var named = _types[nullable.Name!];
        return named.Kind switch
        {
            "INPUT_OBJECT" => new FuzzValue.InputObject([.. named.InputFields.Where(f => f.Type.IsNonNull).Select(f => (f.Name, Default(f.Type, f.Name)))]),
            "ENUM" => FuzzValue.Enum(named.EnumValues[0]),
            _ => named.Name switch
            {
                "Int" => FuzzValue.Scalar("10"),
                "Float" => FuzzValue.Scalar("1.5"),
                "Boolean" => FuzzValue.Scalar("false"),
                "Date" => FuzzValue.Scalar(name == "to" ? "\"2026-03-01\"" : "\"2026-02-01\""),
                _ => FuzzValue.Scalar(name == "name" ? "\"containment_rate\"" : "\"x\""),
            },
        };
    }

    /// <summary>The argument's value: <paramref name="leaf"/> at <paramref name="steps"/>, required siblings on the way filled with valid values.</summary>
    public FuzzValue Wrap(TypeRef type, IReadOnlyList<string> steps, int at, FuzzValue leaf)
    {
        if (at == steps.Count)
        {
            return leaf;
        }

        var nullable = type.Nullable;
        if (steps[at] == "[]")
        {
            return new FuzzValue.List([Wrap(nullable.OfType!, steps, at + 1, leaf)]);
        }

        var fields = _types[nullable.Name!].InputFields;
        var step = fields.Single(f => f.Name == steps[at]);
        var members = fields.Where(f => f.Type.IsNonNull && f.Name != step.Name).Select(f => (f.Name, Default(f.Type, f.Name))).ToList();
        members.Add((step.Name, Wrap(step.Type, steps, at + 1, leaf)));
        return new FuzzValue.InputObject(members);
    }

    /// <summary>A selection for a field of <paramref name="type"/>: metric rows for the metrics answer (so the query runs), <c>__typename</c> for other objects.</summary>
    public string Selection(TypeRef type) => _types[type.Named].Kind switch
    {
        "OBJECT" or "INTERFACE" or "UNION" => type.Named == "MetricsResult" ? " { rows { channel interactionCount { value n } } }" : " { __typename }",
        _ => string.Empty,
    };
}

/// <summary>A value tree written both as JSON (variables) and as a GraphQL literal (document).</summary>
public abstract record FuzzValue
{
    public static FuzzValue Scalar(string text) => new Raw(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(text));

    public static FuzzValue Enum(string name) => new Raw(Encoding.UTF8.GetBytes("\"" + name + "\""), Encoding.UTF8.GetBytes(name));

    public abstract void WriteJson(List<byte> output);

    public abstract void WriteLiteral(List<byte> output);

    public sealed record Raw(byte[] Json, byte[] Literal) : FuzzValue
    {
        public override void WriteJson(List<byte> output) => output.AddRange(Json);

        public override void WriteLiteral(List<byte> output) => output.AddRange(Literal);
    }

    public sealed record List(IReadOnlyList<FuzzValue> Items) : FuzzValue
    {
        public override void WriteJson(List<byte> output) => Write(output, v => v.WriteJson(output));

        public override void WriteLiteral(List<byte> output) => Write(output, v => v.WriteLiteral(output));

        private void Write(List<byte> output, Action<FuzzValue> item)
        {
            output.Add((byte)'[');
            for (int i = 0; i < Items.Count; i++)
            {
                if (i > 0)
                {
                    output.Add((byte)',');
                }

                item(Items[i]);
            }

            output.Add((byte)']');
        }
    }

    public sealed record InputObject(IReadOnlyList<(string Name, FuzzValue Value)> Members) : FuzzValue
    {
        public override void WriteJson(List<byte> output) => Write(output, name => "\"" + name + "\":", v => v.WriteJson(output));

        public override void WriteLiteral(List<byte> output) => Write(output, name => name + ": ", v => v.WriteLiteral(output));

        private void Write(List<byte> output, Func<string, string> key, Action<FuzzValue> value)
        {
            output.Add((byte)'{');
            for (int i = 0; i < Members.Count; i++)
            {
                if (i > 0)
                {
                    output.Add((byte)',');
                }

                output.AddRange(Encoding.UTF8.GetBytes(key(Members[i].Name)));
                value(Members[i].Value);
            }

            output.Add((byte)'}');
        }
    }
}

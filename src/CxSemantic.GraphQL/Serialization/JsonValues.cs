using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace CxSemantic.GraphQL.Serialization;

/// <summary>Converts between JSON and the plain values used for variables and results.</summary>
public static class JsonValues
{
    /// <summary>
    /// Converts a JSON element to plain values: objects to <see cref="Dictionary{TKey,TValue}"/>, arrays to
    /// <see cref="List{T}"/>, integers to int (or long), other numbers to double.
    /// </summary>
    public static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) => { d[p.Name] = ToPlain(p.Value); return d; }),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt32(out int i) ? (object)i : element.TryGetInt64(out long l) ? (object)l : (object)element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Writes a result value (dictionaries, lists, strings, numbers, booleans, null, JsonElement).</summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d:
                if (Math.Floor(d) == d && Math.Abs(d) < 1e15) { writer.WriteNumberValue((long)d); }
                else { writer.WriteNumberValue(d); }
                break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case short or byte or sbyte or ushort or uint: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case JsonElement e: e.WriteTo(writer); break;
            case Execution.ResultDictionary map:
                writer.WriteStartObject();
                for (int k = 0; k < map.Count; k++)
                {
                    writer.WritePropertyName(map.KeyAt(k));
                    Write(writer, map.ValueAt(k));
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> dict:
                writer.WriteStartObject();
                foreach (var (k, v) in dict)
                {
                    writer.WritePropertyName(k);
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
            case IDictionary legacy:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in legacy)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) { Write(writer, item); }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}

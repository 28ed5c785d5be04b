using System.Text.Json;
using CxSemantic.GraphQL.Execution;

namespace CxSemantic.GraphQL.Serialization;

/// <summary>Writes execution results and errors as GraphQL-over-HTTP JSON.</summary>
public static class ResultWriter
{
    /// <summary>Writes a whole response: errors (if any), data (if present), extensions (if any).</summary>
    public static void Write(Utf8JsonWriter writer, ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        if (result.Errors.Count > 0)
        {
            writer.WritePropertyName("errors");
            writer.WriteStartArray();
            foreach (var error in result.Errors) { WriteError(writer, error); }
            writer.WriteEndArray();
        }
        if (result.HasData)
        {
            writer.WritePropertyName("data");
            JsonValues.Write(writer, result.Data);
        }
        if (result.Extensions.Count > 0)
        {
            writer.WritePropertyName("extensions");
            JsonValues.Write(writer, result.Extensions);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes one error object.</summary>
    public static void WriteError(Utf8JsonWriter writer, GraphQLError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        writer.WriteString("message", error.Message);
        if (error.Locations.Count > 0)
        {
            writer.WritePropertyName("locations");
            writer.WriteStartArray();
            foreach (var location in error.Locations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", location.Line);
                writer.WriteNumber("column", location.Column);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (error.Path is not null)
        {
            writer.WritePropertyName("path");
            writer.WriteStartArray();
            foreach (var segment in error.Path)
            {
                if (segment is int i) { writer.WriteNumberValue(i); }
                else { writer.WriteStringValue(segment.ToString()); }
            }
            writer.WriteEndArray();
        }
        if (error.Extensions is { Count: > 0 })
        {
            writer.WritePropertyName("extensions");
            JsonValues.Write(writer, error.Extensions);
        }
        writer.WriteEndObject();
    }
}

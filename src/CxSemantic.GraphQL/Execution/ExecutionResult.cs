using System.Text.Encodings.Web;
using System.Text.Json;
using CxSemantic.GraphQL.Serialization;

namespace CxSemantic.GraphQL.Execution;

/// <summary>The result of executing a request (spec section 7): data, errors and extensions.</summary>
public sealed class ExecutionResult
{
    internal ExecutionResult(bool hasData, IReadOnlyDictionary<string, object?>? data, IReadOnlyList<GraphQLError> errors)
    {
        HasData = hasData;
        Data = data;
        Errors = errors;
    }

    /// <summary>
    /// A request error response: errors and no <c>data</c> entry (spec 7.1.2), for errors found before execution starts,
    /// e.g. by a transport that rejects a malformed request or reports a <see cref="PreparedDocument"/>'s errors itself.
    /// </summary>
    public static ExecutionResult RequestErrors(IReadOnlyList<GraphQLError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new ExecutionResult(false, null, errors);
    }

    /// <summary>Whether the response has a <c>data</c> entry (false for request errors such as syntax or validation errors).</summary>
    public bool HasData { get; }

    /// <summary>The data (null when absent or when a non-null root field failed).</summary>
    public IReadOnlyDictionary<string, object?>? Data { get; }

    /// <summary>Errors, empty when there are none.</summary>
    public IReadOnlyList<GraphQLError> Errors { get; }

    /// <summary>Response extensions (e.g. tracing), written when not empty.</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>
    /// The writer options used by <see cref="WriteToAsync"/> and <see cref="ToJson"/>: only characters JSON requires are escaped
    /// (responses are application/json, not HTML), so "+", "&lt;" or non-ASCII text stay readable.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the response JSON.</summary>
    public void WriteTo(Utf8JsonWriter writer) => ResultWriter.Write(writer, this);

    /// <summary>Writes the response JSON (UTF-8) to a stream.</summary>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var writer = new Utf8JsonWriter(stream, WriterOptions);
        await using (writer.ConfigureAwait(false))
        {
            ResultWriter.Write(writer, this);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The response as a JSON string.</summary>
    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions with { Indented = indented }))
        {
            ResultWriter.Write(writer, this);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

using System.Collections.Immutable;
using CxSemantic.GraphQL.Execution;
using CxSemantic.GraphQL.Serialization;
using Microsoft.Extensions.Options;

namespace CxSemantic.Server.Identity;

/// <summary>
/// The persisted-query allow-list (section <c>CxSemantic:PersistedQueries</c>). <c>off</c> (default): any document
/// runs. <c>allow-list</c>: only documents registered in <see cref="Folder"/> run, sent as full text whose hash is
/// registered or by hash alone (<c>extensions.persistedQuery.sha256Hash</c>, as Apollo clients send it).
/// </summary>
internal sealed class PersistedQueryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic:PersistedQueries";

    /// <summary>Mode value: every document runs.</summary>
    public const string Off = "off";

    /// <summary>Mode value: registered documents only.</summary>
    public const string AllowList = "allow-list";

    /// <summary><c>off</c> or <c>allow-list</c>.</summary>
    public string Mode { get; set; } = Off;

    /// <summary>The folder of registered documents (written by <c>cxsem persisted add</c>), relative to the working directory.</summary>
    public string Folder { get; set; } = PersistedQueryFolder.DefaultPath;

    /// <summary>Whether only registered documents run.</summary>
    public bool IsAllowList => string.Equals(Mode, AllowList, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the settings cannot work (checked at start), or null.</summary>
    public string? Problem() =>
        !IsAllowList && !string.Equals(Mode, Off, StringComparison.OrdinalIgnoreCase)
            ? $"{Section}:Mode is '{Mode}'; use '{Off}' or '{AllowList}'."
            : IsAllowList && !Directory.Exists(Folder)
                ? $"{Section}:Mode is {AllowList} but the folder '{Path.GetFullPath(Folder)}' does not exist, so no document could run: register documents with `cxsem persisted add FILE --folder {Folder}`, or set {Section}:Mode to {Off}."
                : null;
}

/// <summary>Refuses to start with settings under which no request could run (an allow-list without its folder) or an unknown mode.</summary>
internal sealed class PersistedQueryValidation : IValidateOptions<PersistedQueryOptions>
{
    public ValidateOptionsResult Validate(string? name, PersistedQueryOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

/// <summary>The outcome of checking a request against the allow-list.</summary>
internal abstract record PersistedQueryOutcome
{
    /// <summary>The request runs (with the registered text when it came by hash).</summary>
    public sealed record Run(GraphQLRequest Request) : PersistedQueryOutcome;

    /// <summary>The request is refused with an HTTP status, a code and a message.</summary>
    public sealed record Refused(int Status, string Code, string Message) : PersistedQueryOutcome;
}

/// <summary>
/// Applies <see cref="PersistedQueryOptions"/> to each request. The folder is read at the first request and again
/// whenever a hash is missing and the folder changed, so documents registered while the server runs work at once.
/// </summary>
internal sealed class PersistedQueries(IOptions<PersistedQueryOptions> options)
{
    /// <summary>A hash that no registered document has.</summary>
    public const string NotFound = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>A document sent as text that is not registered (allow-list mode).</summary>
    public const string Required = "PERSISTED_QUERY_REQUIRED";

    /// <summary>A hash-only request to a server without the allow-list.</summary>
    public const string NotSupported = "PERSISTED_QUERY_NOT_SUPPORTED";

    private readonly PersistedQueryOptions _options = options.Value;
    private readonly PersistedQueryFolder _folder = new(options.Value.Folder);
    private readonly Lock _gate = new();
    private (DateTime Stamp, ImmutableDictionary<string, string> Documents)? _loaded;

    /// <summary>Whether the request may run, and as which document.</summary>
    public PersistedQueryOutcome Check(GraphQLRequest request)
    {
        var hash = GraphQLRequestReader.PersistedQueryHash(request);
        if (!_options.IsAllowList)
        {
            return request.Query is null
                ? new PersistedQueryOutcome.Refused(StatusCodes.Status400BadRequest, NotSupported, "This server runs no documents by hash alone (CxSemantic:PersistedQueries:Mode is off): send the query text.")
                : new PersistedQueryOutcome.Run(request);
        }

        if (hash is not null)
        {
            hash = hash.ToLowerInvariant();
            if (request.Query is not null && PersistedQueryFolder.Hash(request.Query) != hash)
            {
                return new PersistedQueryOutcome.Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, $"extensions.persistedQuery.sha256Hash is {hash}, but the query text hashes to {PersistedQueryFolder.Hash(request.Query)}: send the hash of exactly this text (SHA-256 of its UTF-8 bytes, hex) or the hash alone.");
            }

            return Find(hash) is { } registered
                ? new PersistedQueryOutcome.Run(new GraphQLRequest { Query = registered, OperationName = request.OperationName, Variables = request.Variables, Extensions = request.Extensions })
                : new PersistedQueryOutcome.Refused(StatusCodes.Status403Forbidden, NotFound, $"No registered document has the hash {hash}. This server runs registered documents only: register it with `cxsem persisted add FILE` (folder {_folder.Path}).");
        }

        var own = PersistedQueryFolder.Hash(request.Query!);
        return Find(own) is not null
            ? new PersistedQueryOutcome.Run(request)
            : new PersistedQueryOutcome.Refused(StatusCodes.Status403Forbidden, Required, $"This server runs registered documents only, and this one (SHA-256 {own}) is not registered: register it with `cxsem persisted add FILE`, then send it or its hash in extensions.persistedQuery.sha256Hash.");
    }

    /// <summary>The registered text with <paramref name="hash"/>, re-reading the folder when it changed since the last read.</summary>
    private string? Find(string hash)
    {
        lock (_gate)
        {
            var stamp = Directory.Exists(_folder.Path) ? Directory.GetLastWriteTimeUtc(_folder.Path) : DateTime.MinValue;
            if (_loaded is not { } loaded || (!loaded.Documents.ContainsKey(hash) && loaded.Stamp != stamp))
            {
                _loaded = loaded = (stamp, _folder.Load());
            }

            return loaded.Documents.GetValueOrDefault(hash);
        }
    }
}

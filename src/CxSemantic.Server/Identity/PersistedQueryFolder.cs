using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace CxSemantic.Server.Identity;

/// <summary>
/// The registered documents of the persisted-query allow-list: a folder of <c>.graphql</c> files, each keyed by the
/// SHA-256 of its text (UTF-8, lower-case hex) — the hash Apollo's automatic persisted queries send as
/// <c>extensions.persistedQuery.sha256Hash</c>. File names do not matter (<c>cxsem persisted add</c> names them by hash);
/// the text is the document byte for byte, so a client must send exactly that text or its hash. No ASP.NET dependency:
/// shared with <c>cxsem</c>.
/// </summary>
/// <param name="path">The folder.</param>
internal sealed class PersistedQueryFolder(string path)
{
    /// <summary>The default folder, relative to the working directory.</summary>
    public const string DefaultPath = ".cxsemantic/persisted-queries";

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The key of a document: SHA-256 of its UTF-8 text, lower-case hex.</summary>
    public static string Hash(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    /// <summary>Every registered document by hash (empty when the folder does not exist).</summary>
    public ImmutableDictionary<string, string> Load()
    {
        if (!Directory.Exists(Path))
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var documents = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path, "*.graphql").Concat(Directory.EnumerateFiles(Path, "*.gql")))
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            documents[Hash(text)] = text;
        }

        return documents.ToImmutable();
    }

    /// <summary>Registers <paramref name="document"/> as <c>HASH.graphql</c> (written beside and moved into place); false when it was registered already.</summary>
    public (string Hash, bool Added) Add(string document)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(document);
        var hash = Hash(document);
        var target = System.IO.Path.Combine(Path, hash + ".graphql");
        if (Load().ContainsKey(hash))
        {
            return (hash, false);
        }

        Directory.CreateDirectory(Path);
        var staging = target + ".partial";
        File.WriteAllText(staging, document, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(staging, target, overwrite: true);
        return (hash, true);
    }
}

using System.CommandLine;
using System.Text;
using CxSemantic.Server.Identity;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem persisted add|list</c>: the documents of the server's persisted-query allow-list
/// (<c>CxSemantic:PersistedQueries:Folder</c>, default <c>.cxsemantic/persisted-queries</c>), each stored as
/// <c>SHA256.graphql</c>. A running server in allow-list mode accepts a new document from its next request.
/// </summary>
internal static class PersistedCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Option<DirectoryInfo>("--folder") { Description = "The allow-list folder (the server's CxSemantic:PersistedQueries:Folder).", DefaultValueFactory = _ => new DirectoryInfo(PersistedQueryFolder.DefaultPath), Recursive = true };
        var command = new Command("persisted", "Register the GraphQL documents a server in allow-list mode runs (CxSemantic:PersistedQueries:Mode = allow-list).") { folder };

        var files = new Argument<FileInfo[]>("files") { Description = "GraphQL documents (.graphql): each is registered byte for byte; clients send this text or its SHA-256.", Arity = ArgumentArity.OneOrMore };
        var add = new Command("add", "Register documents and print their SHA-256 (what clients send as extensions.persistedQuery.sha256Hash).") { files };
        add.SetAction(parse =>
        {
            var target = new PersistedQueryFolder(parse.GetValue(folder)!.FullName);
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    error.WriteLine($"cxsem persisted add: {file.FullName} does not exist.");
                    return 1;
                }

                var text = File.ReadAllText(file.FullName, Encoding.UTF8);
                if (string.IsNullOrWhiteSpace(text))
                {
                    error.WriteLine($"cxsem persisted add: {file.FullName} is empty; a document needs at least one operation.");
                    return 1;
                }

                var (hash, added) = target.Add(text);
                output.WriteLine($"{hash}  {file.Name}  {(added ? "registered" : "already registered")}");
            }

            return 0;
        });

        var list = new Command("list", "List the registered documents: hash and first line.");
        list.SetAction(parse =>
        {
            foreach (var (hash, text) in new PersistedQueryFolder(parse.GetValue(folder)!.FullName).Load().OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"{hash}  {text.Split('\n')[0].Trim()}");
            }

            return 0;
        });

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        return command;
    }
}

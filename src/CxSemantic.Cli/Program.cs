using System.CommandLine;
using CxSemantic.Cli.Commands;

namespace CxSemantic.Cli;

/// <summary>The <c>cxsem</c> entry point: one sub-command per task.</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by the tests).</summary>
    public static RootCommand BuildRootCommand(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("cxsem — the CxSemantic command line: governed AI-CX metrics over a stitched warehouse.");
        root.Subcommands.Add(SeedCommand.Create(output, error));
        root.Subcommands.Add(SchemaCommand.Create(output, error));
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(GlossaryCommand.Create(output, error));
        root.Subcommands.Add(DiffCommand.Create(output, error));
        return root;
    }

    /// <summary>Runs the command line.</summary>
    public static Task<int> Main(string[] args) =>
        BuildRootCommand(Console.Out, Console.Error).Parse(args).InvokeAsync();
}

using System.CommandLine;
using CxSemantic.Cli.Commands;

namespace CxSemantic.Cli;

/// <summary>The <c>cxsem</c> entry point: one sub-command per task.</summary>
public static class Program
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand BuildRootCommand(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("cxsem — the CxSemantic command line: governed AI-CX metrics over a stitched warehouse.");
        root.Subcommands.Add(SeedCommand.Create(output, error));
        root.Subcommands.Add(SchemaCommand.Create(output, error));
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(GlossaryCommand.Create(output, error));
        root.Subcommands.Add(DiffCommand.Create(output, error));
        root.Subcommands.Add(CompileCommand.CreateCompile(output, error));
        root.Subcommands.Add(CompileCommand.CreateQuery(output, error));
        var bench = BenchCommand.Create(output, error);
        bench.Subcommands.Add(IngestBenchCommand.Create(output, error));
        bench.Subcommands.Add(JourneyBenchCommand.Create(output, error));
        bench.Subcommands.Add(RollupsCommand.CreateBench(output, error));
        root.Subcommands.Add(bench);
        root.Subcommands.Add(LoadCommand.Create(output, error));
        root.Subcommands.Add(IngestCommand.Create(output, error));
        root.Subcommands.Add(RefreshCommand.Create(output, error));
        root.Subcommands.Add(ServeBenchCommand.Create(output, error));
        root.Subcommands.Add(AaCommand.Create(output, error));
        root.Subcommands.Add(RollupsCommand.Create(output, error));
        root.Subcommands.Add(KeysCommand.Create(output, error));
        root.Subcommands.Add(AuditCommand.Create(output, error));
        root.Subcommands.Add(PersistedCommand.Create(output, error));
        return root;
    }

    /// <summary>Parses and runs a command line, writing to the given streams (parse errors and help included).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        BuildRootCommand(output, error).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);

    /// <summary>Runs the command line on the console.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);
}

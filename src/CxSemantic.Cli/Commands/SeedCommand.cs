using System.CommandLine;

namespace CxSemantic.Cli.Commands;

/// <summary><c>cxsem seed</c>: generates the deterministic demo warehouse into a DuckDB file.</summary>
internal static class SeedCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        _ = output;
        _ = error;
        return new Command("seed", "Generate the demo warehouse (pending the generator).");
    }
}

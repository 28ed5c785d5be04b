using System.CommandLine;
using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Cli.Commands;

/// <summary><c>cxsem validate [dir]</c>: loads the definitions and prints every problem with file:line:column.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = DefinitionsArgument();
        var command = new Command("validate", "Validate the metric definitions; exit code 1 with positioned errors if any.") { directory };
        command.SetAction(parse => Run(parse.GetValue(directory)!, output, error));
        return command;
    }

    internal static Argument<DirectoryInfo> DefinitionsArgument() => new("dir")
    {
        Description = "The definitions folder.",
        DefaultValueFactory = _ => new DirectoryInfo("metric-definitions"),
    };

    internal static int Run(DirectoryInfo directory, TextWriter output, TextWriter error)
    {
        if (Load(directory, error) is not { } result)
        {
            return 2;
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            (diagnostic.Severity == Definitions.Diagnostics.DiagnosticSeverity.Error ? error : output).WriteLine(diagnostic);
        }

        if (result.Catalog is not { } catalog)
        {
            error.WriteLine($"{result.Errors.Count()} error(s); the catalog was not built.");
            return 1;
        }

        output.WriteLine(
            $"{directory.Name}: {catalog.Metrics.Count} metrics, {catalog.Models.Count} semantic models, {catalog.Journeys.Count} journeys, {catalog.AccessPolicies.Count} access policies — valid (catalog {catalog.Version}).");
        return 0;
    }

    /// <summary>
    /// The valid catalog of <paramref name="directory"/>, or null after printing why, with the exit code: 2 when the
    /// folder is missing, 1 when the definitions have errors.
    /// </summary>
    internal static MetricCatalog? LoadValid(DirectoryInfo directory, TextWriter error, out int exitCode)
    {
        exitCode = 2;
        if (Load(directory, error) is not { } loaded)
        {
            return null;
        }

        if (loaded.Catalog is not { } catalog)
        {
            foreach (var diagnostic in loaded.Errors)
            {
                error.WriteLine(diagnostic);
            }

            exitCode = 1;
            return null;
        }

        exitCode = 0;
        return catalog;
    }

    /// <summary>Loads against the warehouse schema; null (after a message) when the folder is missing.</summary>
    internal static CatalogLoadResult? Load(DirectoryInfo directory, TextWriter error)
    {
        if (!directory.Exists)
        {
            error.WriteLine($"cxsem: the definitions folder '{directory.FullName}' does not exist.");
            return null;
        }

        return CatalogLoader.LoadDirectory(directory.FullName, WarehouseSchema.PhysicalSchema);
    }
}

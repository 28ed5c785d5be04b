using System.CommandLine;
using CxSemantic.Definitions.Glossary;

namespace CxSemantic.Cli.Commands;

/// <summary><c>cxsem diff OLD_DIR NEW_DIR</c>: metrics added, removed and changed; a change without a version bump fails.</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var before = new Argument<DirectoryInfo>("old") { Description = "The definitions folder before the change." };
        var after = new Argument<DirectoryInfo>("new") { Description = "The definitions folder after the change." };
        var command = new Command("diff", "Compare two definition folders; exit code 1 when a changed metric kept its version.") { before, after };
        command.SetAction(parse =>
        {
            var oldResult = ValidateCommand.Load(parse.GetValue(before)!, error);
            var newResult = ValidateCommand.Load(parse.GetValue(after)!, error);
            if (oldResult?.Catalog is not { } oldCatalog || newResult?.Catalog is not { } newCatalog)
            {
                error.WriteLine("cxsem diff: both folders must hold valid definitions (see cxsem validate).");
                return 2;
            }

            var diff = CatalogDiff.Between(oldCatalog, newCatalog);
            foreach (var name in diff.Added)
            {
                output.WriteLine($"added    {name} (v{newCatalog.Metrics[name].Version})");
            }

            foreach (var name in diff.Removed)
            {
                output.WriteLine($"removed  {name} (was v{oldCatalog.Metrics[name].Version})");
            }

            foreach (var change in diff.Changed)
            {
                var line = $"changed  {change.Metric}: {string.Join(", ", change.ChangedFields)} (v{change.OldVersion} → v{change.NewVersion})";
                if (change.MissingVersionBump)
                {
                    error.WriteLine($"{line} — error: the definition changed but its version did not; set version: {change.OldVersion + 1}.");
                }
                else
                {
                    output.WriteLine(line);
                }
            }

            if (diff.Added.IsEmpty && diff.Removed.IsEmpty && diff.Changed.IsEmpty)
            {
                output.WriteLine("No metric changed.");
            }

            return diff.HasErrors ? 1 : 0;
        });
        return command;
    }
}

using System.CommandLine;
using CxSemantic.Definitions.Glossary;

namespace CxSemantic.Cli.Commands;

/// <summary><c>cxsem glossary [dir] --format md|html --out PATH</c>: the definitions glossary for governance review.</summary>
internal static class GlossaryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = ValidateCommand.DefinitionsArgument();
        var format = new Option<string>("--format") { Description = "md or html.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html");
        var outPath = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to write the pages to.", DefaultValueFactory = _ => new DirectoryInfo("glossary") };
        var command = new Command("glossary", "Write the metric glossary: an index by category and one page per metric.") { directory, format, outPath };
        command.SetAction(parse =>
        {
            if (ValidateCommand.Load(parse.GetValue(directory)!, error) is not { } result)
            {
                return 2;
            }

            if (result.Catalog is not { } catalog)
            {
                foreach (var diagnostic in result.Errors)
                {
                    error.WriteLine(diagnostic);
                }

                error.WriteLine("cxsem glossary: the definitions are invalid; fix the errors above (see cxsem validate).");
                return 1;
            }

            var target = parse.GetValue(outPath)!;
            var files = GlossaryBuilder.Write(catalog, parse.GetValue(format) == "html" ? GlossaryFormat.Html : GlossaryFormat.Markdown, target.FullName);
            output.WriteLine($"Wrote {files.Length} pages ({catalog.Metrics.Count} metrics + index) to {target.FullName}; open {files[0]}.");
            return 0;
        });
        return command;
    }
}

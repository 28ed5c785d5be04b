using System.Globalization;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>The rows-per-table summary that <c>seed</c> and <c>load</c> print when they finish.</summary>
internal static class RowCountTable
{
    /// <summary>Writes one row per table and a bold total.</summary>
    public static void Write(IAnsiConsole console, IEnumerable<KeyValuePair<string, long>> rowsPerTable)
    {
        var table = new Table().AddColumn("table").AddColumn(new TableColumn("rows").RightAligned());
        var total = 0L;
        foreach (var (name, rows) in rowsPerTable)
        {
            table.AddRow(name, rows.ToString("N0", CultureInfo.InvariantCulture));
            total += rows;
        }

        table.AddRow("[bold]total[/]", $"[bold]{total.ToString("N0", CultureInfo.InvariantCulture)}[/]");
        console.Write(table);
    }
}

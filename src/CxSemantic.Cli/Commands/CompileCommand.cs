using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CxSemantic.Compiler;
using CxSemantic.Compiler.Execution;
using CxSemantic.Compiler.Materialization;
using CxSemantic.Compiler.Queries;
using CxSemantic.Definitions.Model;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Engines;
using DuckDB.NET.Data;
using Spectre.Console;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// <c>cxsem compile</c> prints the SQL of a metric query for a dialect; <c>cxsem query</c> runs it on
/// a DuckDB warehouse and prints the governed values.
/// </summary>
internal static class CompileCommand
{
    public static Command CreateCompile(TextWriter output, TextWriter error)
    {
        var options = new MetricQueryOptions();
        var definitions = DefinitionsOption();
        var dialect = new Option<string>("--dialect", "-d") { Description = "duckdb, postgres or tsql.", DefaultValueFactory = _ => "duckdb" };
        dialect.AcceptOnlyFromAmong("duckdb", "postgres", "postgresql", "tsql", "sqlserver");
        var command = new Command("compile", "Print the SQL a metric query compiles to.") { definitions, dialect };
        options.AddTo(command);
        command.SetAction(parse => Run(parse, options, definitions, output, error, catalog =>
        {
            var (query, _) = options.Bind(parse);
            var target = SchemaCommand.ParseDialect(parse.GetValue(dialect)!);
            var compiled = new MetricCompiler(catalog).Compile(query!, target);
            foreach (var fact in compiled.Facts.Concat(compiled.BaselineFacts))
            {
                output.WriteLine($"-- {fact.Plan.Describe()}");
                if (!fact.Sql.Parameters.IsEmpty)
                {
                    output.WriteLine("-- parameters: " + string.Join(", ", fact.Sql.Parameters.Select((p, i) => $"#{i + 1} = {Format(p)}")));
                }

                output.WriteLine(fact.Sql.Text + ";");
                output.WriteLine();
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    public static Command CreateQuery(TextWriter output, TextWriter error)
    {
        var options = new MetricQueryOptions();
        var definitions = DefinitionsOption();
        var database = new Option<FileInfo>("--db") { Description = "The DuckDB warehouse (see cxsem seed).", DefaultValueFactory = _ => new FileInfo("demo.duckdb") };
        var raw = new Option<bool>("--raw") { Description = "Read raw rows only, not the journey tables and rollups cxsem refresh built." };
        var sources = new Option<bool>("--sources") { Description = "Print what each statement read (a rollup, a journey table or raw rows) and the query's time." };
        var sql = new Option<bool>("--sql") { Description = "Print each statement's SQL as run (reading rollups and journey tables where they answered)." };
        var command = new Command("query", "Run a metric query on a DuckDB warehouse and print governed values (from current journey tables and rollups where they answer).") { definitions, database, raw, sources, sql };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => Run(parse, options, definitions, output, error, async catalog =>
        {
            var file = parse.GetValue(database)!;
            if (!file.Exists)
            {
                error.WriteLine($"cxsem query: {file.FullName} does not exist; create it with cxsem seed --out {file.Name}.");
                return 2;
            }

            var (query, _) = options.Bind(parse);
            using var db = DuckDbDatabase.Open(file.FullName, new DuckDbConfig { ReadOnly = true });
            var engine = new DuckDbSqlEngine(db);
            var executor = new MetricQueryExecutor(catalog, engine, materializations: parse.GetValue(raw) ? null : MaterializationSources.For(catalog, engine));
            var clock = Stopwatch.StartNew();
            var result = await executor.ExecuteAsync(query!, cancellationToken);
            clock.Stop();
            Print(result, query!, catalog, output);
            if (parse.GetValue(sql))
            {
                foreach (var statement in result.Statements)
                {
                    output.WriteLine($"-- {statement.Metric}");
                    output.WriteLine(statement.Sql.Text + ";");
                }
            }

            if (parse.GetValue(sources))
            {
                foreach (var statement in result.Statements)
                {
                    output.WriteLine($"{statement.Metric}: {statement.Source}");
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds:F1} ms (compile, read, statistics)"));
            }

            return 0;
        }));
        return command;
    }

    private static Option<DirectoryInfo> DefinitionsOption() => new("--definitions")
    {
        Description = "The definitions folder.",
        DefaultValueFactory = _ => new DirectoryInfo("metric-definitions"),
    };

    private static async Task<int> Run(
        ParseResult parse, MetricQueryOptions options, Option<DirectoryInfo> definitions, TextWriter output, TextWriter error, Func<MetricCatalog, Task<int>> action)
    {
        var (_, bindError) = options.Bind(parse);
        if (bindError is not null)
        {
            error.WriteLine($"cxsem: {bindError}");
            return 2;
        }

        if (ValidateCommand.LoadValid(parse.GetValue(definitions)!, error, out var exitCode) is not { } catalog)
        {
            return exitCode;
        }

        try
        {
            return await action(catalog);
        }
        catch (QueryException ex)
        {
            error.WriteLine($"cxsem: {ex.Code}: {ex.Message}");
            return 1;
        }
        catch (DuckDBException ex)
        {
            error.WriteLine($"cxsem: the warehouse rejected the query: {ex.Message}");
            return 1;
        }
    }

    private static void Print(MetricQueryResult result, MetricQuery query, MetricCatalog catalog, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table();
        table.AddColumn("period");
        foreach (var dimension in result.Dimensions)
        {
            table.AddColumn(dimension);
        }

        foreach (var metric in query.Metrics)
        {
            table.AddColumn(new TableColumn(Markup.Escape(catalog.Metrics[metric].Label)).RightAligned());
        }

        foreach (var row in result.Rows)
        {
            var cells = new List<string> { Markup.Escape(row.Period ?? "all") };
            cells.AddRange(row.Dimensions.Select(d => Markup.Escape(d?.ToString() ?? "∅")));
            cells.AddRange(query.Metrics.Select(m => row.Metrics.TryGetValue(m, out var v) ? Markup.Escape(Describe(v, catalog.Metrics[m])) : "–"));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        console.MarkupLine($"[grey]{result.Rows.Length} row(s); catalog {result.CatalogVersion}; {result.Statements.Length} statement(s).[/]");
        if (query.Compare is not null)
        {
            console.MarkupLine("[grey]" + Markup.Escape("Δ current − reference [95 % CI]; q: Benjamini–Hochberg over every delta of the answer (all rows and metrics); * q < 0.05.") + "[/]");
        }
    }

    internal static string Describe(MetricValue value, Metric metric)
    {
        if (value.Suppressed)
        {
            return $"suppressed (n={value.N})";
        }

        var text = value.Value is { } v ? FormatValue(v, metric.Format) : "n/a";
        if (value.Interval is { } ci)
        {
            text += $" [{FormatValue(ci.Low, metric.Format)}, {FormatValue(ci.High, metric.Format)}]";
        }

        text += $" n={value.N.ToString(CultureInfo.InvariantCulture)}";
        if (value.Immature > 0)
        {
            text += $" +{value.Immature} immature";
        }

        if (value.Status is { } status)
        {
            text += $" {status}";
        }

        if (value.Delta is { } delta)
        {
            text += $" Δ {FormatValue(delta.Value, metric.Format)}";
            if (delta.Interval is { } dci)
            {
                text += $" [{FormatValue(dci.Low, metric.Format)}, {FormatValue(dci.High, metric.Format)}]";
            }

            if (delta.PValue is { } p)
            {
                text += $" p={FormatProbability(p)}";
            }

            if (delta.QValue is { } q)
            {
                text += $" q={FormatProbability(q)}{(delta.Significant ? "*" : string.Empty)}";
            }

            if (delta.Pairs is { } pairs)
            {
                text += $" ({pairs.ToString(CultureInfo.InvariantCulture)} pairs)";
            }
        }
        else if (value.DeltaWithheld is { } withheld)
        {
            text += $" Δ withheld: {withheld}";
        }

        return text;
    }

    /// <summary>p- and q-values to four decimals, smaller ones as "&lt;0.0001".</summary>
    private static string FormatProbability(double value) =>
        value < 0.0001 ? "<0.0001" : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string FormatValue(double value, MetricFormat format) => format switch
    {
        MetricFormat.Percent => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
        MetricFormat.Currency => value.ToString("0.00", CultureInfo.InvariantCulture),
        MetricFormat.Duration => value.ToString("0", CultureInfo.InvariantCulture) + "s",
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

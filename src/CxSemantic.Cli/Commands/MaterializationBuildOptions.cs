using System.CommandLine;
using System.Globalization;
using CxSemantic.Warehouse.DuckDb;
using CxSemantic.Warehouse.Materialization;

namespace CxSemantic.Cli.Commands;

/// <summary>
/// The options of commands that build materializations in a DuckDB file (<c>cxsem refresh</c>, <c>cxsem bench
/// journeys</c>): how much memory and which disk DuckDB may use, and how many contacts a full journey build
/// stitches per statement. At a hundred million contacts these decide whether a build fits the machine.
/// </summary>
internal sealed class MaterializationBuildOptions
{
    private readonly Option<string?> _memoryLimit = new("--memory-limit")
    {
        Description = "DuckDB's memory limit, e.g. 16GB (default: 80% of RAM). Beyond it DuckDB spills to --temp-directory.",
    };

    private readonly Option<DirectoryInfo?> _tempDirectory = new("--temp-directory")
    {
        Description = "Where DuckDB spills (default: the warehouse file's name + .tmp, on its disk).",
    };

    private readonly Option<long> _contactsPerSlice = new("--contacts-per-slice")
    {
        Description = "Contacts a full journey build stitches per statement (identities split by hash); smaller slices sort in less memory.",
        DefaultValueFactory = _ => JourneyRefresher.DefaultContactsPerSlice,
    };

    private readonly Option<bool> _steps = new("--steps")
    {
        Description = "Print how long each step of each refresh took: counting, collecting changes, each statement of the re-stitch and its commit, each slice of a full build.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_memoryLimit);
        command.Options.Add(_tempDirectory);
        command.Options.Add(_contactsPerSlice);
        command.Options.Add(_steps);
    }

    /// <summary>Whether to print the refreshes' steps (<c>--steps</c>).</summary>
    public bool Steps(ParseResult parse) => parse.GetValue(_steps);

    /// <summary>Writes the spans <paramref name="timeline"/> recorded since its last call, when there is one.</summary>
    public static void WriteSteps(RefreshTimeline? timeline, TextWriter output)
    {
        if (timeline is null)
        {
            return;
        }

        foreach (var line in RefreshTimeline.Format(timeline.Take()))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>The DuckDB settings for a build: the limits given, and no insertion order to keep (the tables are read by key).</summary>
    public DuckDbConfig DuckDbConfig(ParseResult parse) => new()
    {
        MemoryLimit = parse.GetValue(_memoryLimit),
        TempDirectory = parse.GetValue(_tempDirectory)?.FullName,
        PreserveInsertionOrder = false,
    };

    /// <summary>Contacts per slice of a full journey build, or null with an error written when not positive.</summary>
    public long? ContactsPerSlice(ParseResult parse, string command, TextWriter error)
    {
        var contacts = parse.GetValue(_contactsPerSlice);
        if (contacts < 1)
        {
            error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"cxsem {command}: --contacts-per-slice must be at least 1 (got {contacts}); the default is {JourneyRefresher.DefaultContactsPerSlice:N0}."));
            return null;
        }

        return contacts;
    }
}

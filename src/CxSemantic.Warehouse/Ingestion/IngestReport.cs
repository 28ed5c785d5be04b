using System.Collections.Immutable;

namespace CxSemantic.Warehouse.Ingestion;

/// <summary>Why a row was quarantined. Each row gets the first reason that applies, in this order.</summary>
public enum RejectReason
{
    /// <summary>A value does not convert to the column's type (or a declared source column's type).</summary>
    BadType,

    /// <summary>A required column is empty.</summary>
    MissingRequired,

    /// <summary>An evaluation without its evaluator version (scores of different versions must never mix).</summary>
    MissingEvaluatorVersion,

    /// <summary>A value outside the column's governed vocabulary.</summary>
    NotAllowedValue,

    /// <summary>An interaction that ended before it started.</summary>
    EndedBeforeStarted,

    /// <summary>Any other CHECK constraint of the table fails (a score out of range, a label of another evaluator…).</summary>
    CheckFailed,

    /// <summary>The row's key is on an earlier line of the file, or already in the warehouse.</summary>
    DuplicateKey,

    /// <summary>The row references a customer, interaction or agent the warehouse does not have.</summary>
    UnknownReference,
}

/// <summary>The stable lower-case codes of <see cref="RejectReason"/> (stored in <c>ingest_quarantine.reason</c>).</summary>
public static class RejectReasons
{
    /// <summary>The code of a reason, e.g. <c>not_allowed_value</c>.</summary>
    public static string Code(RejectReason reason) => reason switch
    {
        RejectReason.BadType => "bad_type",
        RejectReason.MissingRequired => "missing_required",
        RejectReason.MissingEvaluatorVersion => "missing_evaluator_version",
        RejectReason.NotAllowedValue => "not_allowed_value",
        RejectReason.EndedBeforeStarted => "ended_before_started",
        RejectReason.CheckFailed => "check_failed",
        RejectReason.DuplicateKey => "duplicate_key",
        RejectReason.UnknownReference => "unknown_reference",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };

    /// <summary>The reason with the given code.</summary>
    /// <exception cref="ArgumentException">No reason has that code.</exception>
    public static RejectReason Parse(string code)
    {
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            if (Code(reason) == code)
            {
                return reason;
            }
        }

        throw new ArgumentException($"Unknown reject reason '{code}'.", nameof(code));
    }
}

/// <summary>What became of a file.</summary>
public enum IngestOutcome
{
    /// <summary>Good rows loaded and bad rows quarantined, in one transaction.</summary>
    Loaded,

    /// <summary>A batch with the same content was ingested before: nothing changed.</summary>
    AlreadyIngested,

    /// <summary>More rows were rejected than the threshold allows: nothing changed.</summary>
    Refused,

    /// <summary>Validated only (<c>--check</c>): nothing changed.</summary>
    Checked,
}

/// <summary>A quarantined row.</summary>
/// <param name="Line">The line of the source file (CSV: record number + 1 for the header; JSON Lines: the line; Parquet: the row, from 1).</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Column">The column at fault, when one is.</param>
/// <param name="Detail">What is wrong, with the value.</param>
public sealed record RejectedRow(long Line, RejectReason Reason, string? Column, string Detail);

/// <summary>What ingesting one file did.</summary>
/// <param name="File">The file.</param>
/// <param name="Table">The canonical table it filled.</param>
/// <param name="BatchId">The batch id: SHA-256 of the file's content, hex.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="RowsIn">Rows read from the file.</param>
/// <param name="RowsLoaded">Rows added to the table (0 unless <see cref="IngestOutcome.Loaded"/>).</param>
/// <param name="RowsRejected">Rows that failed validation (quarantined when loaded).</param>
/// <param name="RejectedByReason">Rejected rows per reason, in reason order.</param>
/// <param name="Sample">The first rejected rows by line (at most <see cref="IngestOptions.SampleSize"/>).</param>
/// <param name="Watermark">The warehouse's watermark after the batch.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record IngestReport(
    string File,
    string Table,
    string BatchId,
    IngestOutcome Outcome,
    long RowsIn,
    long RowsLoaded,
    long RowsRejected,
    ImmutableArray<KeyValuePair<RejectReason, long>> RejectedByReason,
    ImmutableArray<RejectedRow> Sample,
    DateTime? Watermark,
    TimeSpan Elapsed)
{
    /// <summary>Rejected share of the rows read (0 for an empty file).</summary>
    public double RejectedShare => RowsIn == 0 ? 0 : (double)RowsRejected / RowsIn;
}

/// <summary>Options of an ingestion.</summary>
public sealed record IngestOptions
{
    /// <summary>The largest rejected share a batch may have and still load (0.05 = 5 %); above it nothing changes.</summary>
    public double MaxRejectedShare { get; init; } = 0.05;

    /// <summary>Validate only: read and check every row, change nothing.</summary>
    public bool CheckOnly { get; init; }

    /// <summary>
    /// The watermark to record: the data is complete up to this instant. It only ever moves forward; without it,
    /// an interactions batch moves it to its latest <c>ended_at</c>.
    /// </summary>
    public DateTime? Watermark { get; init; }

    /// <summary>How many rejected rows a report lists.</summary>
    public int SampleSize { get; init; } = 20;

    /// <summary>Called inside the batch's transaction after every write, just before COMMIT (crash tests hold here).</summary>
    public Action? BeforeCommit { get; init; }
}

/// <summary>A file that cannot be ingested at all (unreadable, or missing a column the mapping needs); nothing changed.</summary>
public sealed class IngestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IngestException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates the exception.</summary>
    public IngestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public IngestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IngestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stable code (<see cref="IngestErrors"/>).</summary>
    public string Code { get; } = string.Empty;
}

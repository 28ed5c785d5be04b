namespace CxSemantic.Server.Limits;

/// <summary>
/// What one request may cost (section <c>CxSemantic:Limits</c>): cells a <c>metrics</c> field and a whole request may
/// compute, values an <c>in</c> filter may list, and the statement slots and queue of the engine. The deadline of a
/// request is <c>CxSemantic:QueryTimeoutSeconds</c>.
/// </summary>
internal sealed class QueryLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic:Limits";

    /// <summary>The most cells (metrics × periods × dimension values) one <c>metrics</c> field may compute.</summary>
    public long MaxCellsPerField { get; set; } = 200_000;

    /// <summary>The most cells all <c>metrics</c> fields of one request (aliases included) may compute together.</summary>
    public long MaxCellsPerRequest { get; set; } = 500_000;

    /// <summary>The most values one <c>in</c> or <c>nin</c> filter may list.</summary>
    public int MaxFilterValues { get; set; } = 1_000;

    /// <summary>
    /// The values assumed for a dimension whose values the catalog does not list (free text, numbers, dates): the cost
    /// model multiplies the cells by it when such a dimension is grouped and not filtered to a few values.
    /// </summary>
    public int UnlistedDimensionValues { get; set; } = 100;

    /// <summary>Statements that run at once on the engine (0: twice the processor count, at least 4).</summary>
    public int StatementSlots { get; set; }

    /// <summary>
    /// Statements that may wait for a slot; beyond it requests are refused with 503 and <c>Retry-After</c> (SERVER_BUSY).
    /// One caller may fill half of it: generous, because every client behind one address (a dashboard backend, a proxy)
    /// counts as one caller.
    /// </summary>
    public int StatementQueue { get; set; } = 256;

    /// <summary>Seconds a refused client is told to wait before retrying (the <c>Retry-After</c> header).</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>
    /// The largest POST body /graphql reads (bytes; 0: Kestrel's own limit). Larger bodies are refused with 413
    /// REQUEST_TOO_LARGE before they are parsed: a 1M-value in-list (17 MB) used to be read, parsed and kept by the
    /// allocator before TOO_MANY_FILTER_VALUES refused it, growing the server's memory by hundreds of MB under a soak.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The statement slots in effect.</summary>
    public int EffectiveStatementSlots => StatementSlots > 0 ? StatementSlots : Math.Max(4, 2 * Environment.ProcessorCount);
}

namespace CxSemantic.Server.Hosting;

/// <summary>The server's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Definitions in {Directory} do not load ({Count} problems); still serving catalog {Version}.")]
    public static partial void CatalogRejected(ILogger logger, string directory, int count, string version);

    [LoggerMessage(2, LogLevel.Information, "Catalog {Version} loaded from {Directory}: {Metrics} metrics.")]
    public static partial void CatalogLoaded(ILogger logger, string version, string directory, int metrics);

    [LoggerMessage(3, LogLevel.Information, "Warehouse {Path} open (read-only).")]
    public static partial void WarehouseOpen(ILogger logger, string path);

    [LoggerMessage(4, LogLevel.Information, "Warehouse on PostgreSQL at {Location}.")]
    public static partial void PostgreSqlWarehouse(ILogger logger, string location);

    [LoggerMessage(13, LogLevel.Information, "Warehouse on SQL Server at {Location}.")]
    public static partial void SqlServerWarehouse(ILogger logger, string location);

    [LoggerMessage(5, LogLevel.Error, "The warehouse is not usable: {Message} The API keeps serving the catalog; metric queries answer WAREHOUSE_UNAVAILABLE.")]
    public static partial void WarehouseMisconfigured(ILogger logger, string message);

    [LoggerMessage(6, LogLevel.Information, "The warehouse at {Location} was reloaded; cached answers dropped.")]
    public static partial void WarehouseReloaded(ILogger logger, string location);

    [LoggerMessage(1701, LogLevel.Error, "Unexpected error {CorrelationId} resolving {Path} (request {TraceId}).")]
    public static partial void UnexpectedFieldError(ILogger logger, Exception exception, string correlationId, string path, string traceId);

    [LoggerMessage(1702, LogLevel.Error, "Unexpected error {CorrelationId} handling {Method} {RequestPath} (request {TraceId}).")]
    public static partial void UnexpectedRequestError(ILogger logger, Exception exception, string correlationId, string method, string requestPath, string traceId);

    [LoggerMessage(1703, LogLevel.Error, "Warehouse I/O error: {Message} Queries answer WAREHOUSE_UNAVAILABLE; /health reports the warehouse as failing.")]
    public static partial void WarehouseIoError(ILogger logger, string message);

    [LoggerMessage(1704, LogLevel.Warning, "The warehouse file {Path} was replaced on disk; reopened it (watermark {Watermark:o}); cached answers dropped.")]
    public static partial void WarehouseReopened(ILogger logger, string path, DateTime? watermark);

    [LoggerMessage(1705, LogLevel.Error, "The warehouse file {Path} changed on disk and cannot be opened ({Message}); still serving the data opened before.")]
    public static partial void WarehouseChangedUnreadable(ILogger logger, string path, string message);

    [LoggerMessage(1706, LogLevel.Error, "The warehouse file {Path} is gone; still serving the data opened before.")]
    public static partial void WarehouseFileGone(ILogger logger, string path);

    [LoggerMessage(1801, LogLevel.Information, "Materialization refreshed: {Outcome}")]
    public static partial void MaterializationRefreshed(ILogger logger, string outcome);

    [LoggerMessage(1802, LogLevel.Warning, "Refreshing the materializations failed ({Message}); queries compute from raw rows until a refresh succeeds.")]
    public static partial void MaterializationRefreshFailed(ILogger logger, string message);
}

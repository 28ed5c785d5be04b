using OpenTelemetry.Exporter;

namespace CxSemantic.Server.Telemetry;

/// <summary>Where traces and metrics go (<c>CxSemantic:Telemetry</c>).</summary>
internal sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CxSemantic:Telemetry";

    /// <summary><c>none</c> (default: nothing is collected), <c>console</c> (stdout, for a look during development) or <c>otlp</c>.</summary>
    public string Exporter { get; set; } = "none";

    /// <summary>The OTLP collector (default: the OpenTelemetry SDK's, http://localhost:4317, or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "cxsemantic";

    /// <summary>The exporter as a value; throws with the fix when the setting names none.</summary>
    public TelemetryExporter ParseExporter() => Exporter.Trim().ToLowerInvariant() switch
    {
        "" or "none" => TelemetryExporter.None,
        "console" => TelemetryExporter.Console,
        "otlp" => TelemetryExporter.Otlp,
        _ => throw new InvalidOperationException(
            $"CxSemantic:Telemetry:Exporter '{Exporter}' is not an exporter; set it to none, console or otlp (with CxSemantic:Telemetry:OtlpEndpoint)."),
    };

    /// <summary>The OTLP protocol as a value; throws with the fix when the setting names none.</summary>
    public OtlpExportProtocol ParseOtlpProtocol() => OtlpProtocol.Trim().ToLowerInvariant() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException(
            $"CxSemantic:Telemetry:OtlpProtocol '{OtlpProtocol}' is not a protocol; set it to grpc or http/protobuf."),
    };
}

/// <summary>Where telemetry is exported.</summary>
internal enum TelemetryExporter
{
    /// <summary>Nothing is collected (the sources have no listener).</summary>
    None,

    /// <summary>Spans and metrics printed to stdout.</summary>
    Console,

    /// <summary>OTLP to a collector.</summary>
    Otlp,
}

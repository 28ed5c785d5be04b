using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CxSemantic.Server.Telemetry;

/// <summary>Registers OpenTelemetry tracing and metrics with the exporter <see cref="TelemetryOptions"/> names.</summary>
internal static class TelemetrySetup
{
    /// <summary>
    /// Adds OpenTelemetry unless the exporter is <c>none</c>: the product's sources and meter, ASP.NET Core's HTTP spans
    /// and metrics, and .NET runtime metrics (GC heap, thread pool, which a soak watches).
    /// </summary>
    /// <exception cref="InvalidOperationException">The exporter setting names no exporter (the message says which are).</exception>
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var exporter = options.ParseExporter();
        if (exporter == TelemetryExporter.None)
        {
            return;
        }

        var protocol = options.ParseOtlpProtocol();

        var version = typeof(TelemetrySetup).Assembly.GetName().Version?.ToString();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: version))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. CxTelemetry.SourceNames]).AddAspNetCoreInstrumentation();
                if (exporter == TelemetryExporter.Console)
                {
                    tracing.AddConsoleExporter();
                }
                else
                {
                    tracing.AddOtlpExporter(otlp => Configure(otlp, options.OtlpEndpoint, protocol));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CxTelemetry.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (exporter == TelemetryExporter.Console)
                {
                    metrics.AddConsoleExporter();
                }
                else
                {
                    metrics.AddOtlpExporter(otlp => Configure(otlp, options.OtlpEndpoint, protocol));
                }
            });
    }

    private static void Configure(OtlpExporterOptions otlp, Uri? endpoint, OtlpExportProtocol protocol)
    {
        if (endpoint is not null)
        {
            otlp.Endpoint = endpoint;
        }

        otlp.Protocol = protocol;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CxSemantic.Compiler.Queries;
using CxSemantic.Server.Hosting;
using CxSemantic.Server.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CxSemantic.Server.Tests.Telemetry;

/// <summary>
/// The spans and instruments of a request, observed with an <see cref="ActivityListener"/>: each test sends its
/// requests with its own W3C trace id (traceparent), so spans of tests running in parallel are told apart.
/// </summary>
[Collection("server")]
public sealed class TracingTests : IDisposable
{
    private readonly ServerFixture _server;
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public TracingTests(ServerFixture server)
    {
        _server = server;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("CxSemantic", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private async Task<List<Activity>> TraceAsync(string query, string? role = null)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = Gql.Post(query, role: role);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await Gql.SendAsync(_server.Client, request);

        // The HTTP span stops after the response is written; wait for it rather than for a fixed time.
        for (var i = 0; i < 200 && !_spans.Any(s => s.TraceId == trace && s.Source.Name == "Microsoft.AspNetCore"); i++)
        {
            await Task.Delay(10);
        }

        return [.. _spans.Where(s => s.TraceId == trace)];
    }

    private static Activity Single(List<Activity> spans, string name) => Assert.Single(spans, s => s.OperationName == name);

    private static bool Descends(Activity span, Activity ancestor, List<Activity> spans)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            parent = spans.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    [Fact]
    public async Task A_metrics_request_is_one_trace_from_http_to_each_statement_and_the_second_is_served_from_caches()
    {
        // A window no other test asks for, so both caches miss the first time.
        const string query = """{ metrics(time: { from: "2026-02-03", to: "2026-02-17", grain: WEEK }, where: { channel: { in: [VOICE] } }) { rows { period nps { value n } } } }""";
        var first = await TraceAsync(query);

        var http = Assert.Single(first, s => s.Source.Name == "Microsoft.AspNetCore");
        var parse = Single(first, "graphql.parse");
        var validate = Single(first, "graphql.validate");
        var execute = Single(first, "graphql.execute");
        var compile = Single(first, "cxsemantic.compile");
        var statistics = Single(first, "cxsemantic.statistics");
        var statements = first.Where(s => s.OperationName == "cxsemantic.statement").ToList();
        Assert.All([parse, validate, execute], s => Assert.True(Descends(s, http, first), $"{s.OperationName} under the HTTP span"));
        Assert.All([compile, statistics, .. statements], s => Assert.True(Descends(s, execute, first), $"{s.OperationName} under graphql.execute"));

        Assert.Equal("query", execute.GetTagItem("graphql.operation.type"));
        Assert.Equal(ActivityStatusCode.Unset, execute.Status);
        Assert.Equal("nps", compile.GetTagItem("cxsemantic.metrics"));
        Assert.Equal("DuckDb", compile.GetTagItem("cxsemantic.dialect"));
        // The fact statements the compiler rendered, plus disclosure control's look-ups of suppressed cells.
        Assert.InRange((int)compile.GetTagItem("cxsemantic.statement.count")!, 1, statements.Count);
        Assert.All(statements, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Equal("duckdb", s.GetTagItem("db.system.name"));
            var text = (string)s.GetTagItem("db.query.text")!;
            Assert.Contains("SELECT", text, StringComparison.OrdinalIgnoreCase);
            Assert.True((int)s.GetTagItem("db.query.parameter_count")! > 0, "the channel filter is a parameter");
            Assert.IsType<int>(s.GetTagItem("db.response.returned_rows"));
        });
        Assert.Equal(false, execute.GetTagItem("cxsemantic.result_cache.hit"));

        var second = await TraceAsync(query);
        Assert.DoesNotContain(second, s => s.OperationName is "graphql.parse" or "graphql.validate" or "cxsemantic.compile" or "cxsemantic.statement");
        Assert.Equal(true, Single(second, "graphql.execute").GetTagItem("cxsemantic.result_cache.hit"));
    }

    [Fact]
    public async Task A_refusal_ends_the_compile_and_execute_spans_with_its_code()
    {
        var spans = await TraceAsync("""{ metrics(time: { from: "2026-02-01", to: "2026-02-02" }) { rows { channel containmentRate { value } } } }""");
        var compile = Single(spans, "cxsemantic.compile");
        Assert.Equal(ActivityStatusCode.Error, compile.Status);
        Assert.Equal(QueryErrorCodes.RequiredSegmentMissing, compile.StatusDescription);
        var execute = Single(spans, "graphql.execute");
        Assert.Equal(ActivityStatusCode.Error, execute.Status);
        Assert.Equal(QueryErrorCodes.RequiredSegmentMissing, execute.StatusDescription);
        Assert.Equal(1, execute.GetTagItem("graphql.error.count"));
        Assert.DoesNotContain(spans, s => s.OperationName == "cxsemantic.statement");
    }

    [Fact]
    public async Task A_syntax_error_ends_the_parse_span_and_is_counted_by_status_and_code()
    {
        var measured = new ConcurrentBag<(long Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CxTelemetry.MeterName && instrument.Name == "cxsemantic.graphql.requests")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) => measured.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.Start();

        // Unique text: a document cache hit would prepare (and trace) nothing.
        var spans = await TraceAsync("{ metrics(time: " + Guid.NewGuid().ToString("N") + " { rows");
        var parse = Single(spans, "graphql.parse");
        Assert.Equal(ActivityStatusCode.Error, parse.Status);
        Assert.Equal("GRAPHQL_PARSE_FAILED", parse.StatusDescription);
        Assert.DoesNotContain(spans, s => s.OperationName is "graphql.validate" or "graphql.execute");
        Assert.Contains(measured, m => m.Value == 1 && (int?)m.Tags["http.response.status_code"] == 400 && (string?)m.Tags["graphql.error.code"] == "GRAPHQL_PARSE_FAILED");
    }

    [Fact]
    public async Task The_admission_gauge_reports_queued_and_running_statements_of_the_engine()
    {
        await Gql.DataAsync(_server.Client, "{ metrics { rows { channel interactionCount { n } } } }");
        var observed = new ConcurrentBag<(int Value, string? State)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CxTelemetry.MeterName && instrument.Name == "cxsemantic.admission.statements")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<int>((_, value, tags, _) => observed.Add((value, (string?)tags.ToArray().Single(t => t.Key == "state").Value)));
        meters.Start();
        meters.RecordObservableInstruments();

        // Summed over every live server of the test process (others may be busy): one measurement per state, none negative.
        Assert.Single(observed, o => o.State == "queued");
        Assert.Single(observed, o => o.State == "running");
        Assert.All(observed, o => Assert.True(o.Value >= 0));
    }
}

/// <summary>The exporter setting: none registers no OpenTelemetry SDK, console and otlp do, anything else stops the start with the fix.</summary>
public sealed class TelemetrySetupTests
{
    private static Microsoft.AspNetCore.Builder.WebApplication Build(string exporter, string protocol = "grpc") =>
        ServerApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development", $"--CxSemantic:Telemetry:Exporter={exporter}", $"--CxSemantic:Telemetry:OtlpProtocol={protocol}", "--CxSemantic:Telemetry:OtlpEndpoint=http://127.0.0.1:9"]);

    [Theory]
    [InlineData("none", false)]
    [InlineData("", false)]
    [InlineData("console", true)]
    [InlineData("OTLP", true)]
    public async Task The_exporter_setting_decides_whether_an_sdk_collects(string exporter, bool collects)
    {
        await using var app = Build(exporter);
        Assert.Equal(collects, app.Services.GetService<TracerProvider>() is not null);
    }

    [Fact]
    public void An_unknown_exporter_stops_the_start_with_the_setting_and_the_choices()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build("jaeger"));
        Assert.Equal("CxSemantic:Telemetry:Exporter 'jaeger' is not an exporter; set it to none, console or otlp (with CxSemantic:Telemetry:OtlpEndpoint).", ex.Message);
    }

    [Fact]
    public void An_unknown_otlp_protocol_stops_the_start_with_the_setting_and_the_choices()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build("otlp", "thrift"));
        Assert.Equal("CxSemantic:Telemetry:OtlpProtocol 'thrift' is not a protocol; set it to grpc or http/protobuf.", ex.Message);
    }
}

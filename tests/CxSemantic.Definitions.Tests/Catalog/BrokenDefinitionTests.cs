using CxSemantic.Definitions.Loading;
using static CxSemantic.Definitions.Tests.Catalog.CatalogFixture;

namespace CxSemantic.Definitions.Tests.Catalog;

/// <summary>
/// Each case breaks the valid fixture in one way and asserts the exact, positioned message. Where
/// one mistake causes more than one message, every one is listed.
/// </summary>
public sealed class BrokenDefinitionTests
{
    private const string NewModel = """
        semantic_model: extra
        table: interactions
        primary_key: interaction_id
        dimensions:
          channel: {}
        """;

    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        // --- YAML itself
        { "tab indentation", "m.yaml", Metric.Replace("  required: [channel]", "\trequired: [channel]"), ["m.yaml:17:1: error CXD0001: YAML syntax error: a tab character is used for indentation; YAML allows spaces only — replace the tab with spaces."] },
        { "bad indentation", "m.yaml", Metric.Replace("  min_cell_size: 30", "   min_cell_size: 30"), ["m.yaml:19:4: error CXD0001: YAML syntax error: While parsing a block mapping, did not find expected key — check the indentation of this line against the lines above, and quote values that contain ': '."] },
        { "unclosed flow mapping", "m.yaml", Metric.Replace("denominator: {}", "denominator: {"), ["m.yaml:10:14: error CXD0001: YAML syntax error: this '{' or '[' is never closed; close it on the same line."] },
        { "unknown document kind", "m.yaml", Metric.Replace("metric: containment_rate", "metrc: containment_rate"), ["m.yaml:1:1: error CXD0002: A definition document must start with one of 'semantic_model:', 'journey:', 'metric:', 'access_policy:' or 'composite:'; found 'metrc'. Did you mean 'metric'?"] },
        { "a list document", "m.yaml", "- metric: a\n- metric: b\n", ["m.yaml:1:1: error CXD0002: A definition document must be a mapping of keys to values (key: value), not a list."] },
        { "misspelled key", "m.yaml", Metric.Replace("owner: cx-analytics", "owner: cx-analytics\ndescripton: typo"), ["m.yaml:6:1: error CXD0003: Unknown key 'descripton' in metric 'containment_rate'. Did you mean 'description'? Allowed keys: category, confirmation, denominator, description, exclusions, format, inclusion, label, metric, numerator, owner, segmentation, thresholds, type, unit_of_analysis, version."] },
        // --- mandatory elements
        { "missing version", "m.yaml", MetricWith("version:", null), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'version': every metric is versioned; start at 1 and bump it on every change of meaning"] },
        { "version zero", "m.yaml", MetricWith("version:", "version: 0"), ["m.yaml:2:10: error CXD0070: Metric 'containment_rate' has version 0; a version is a whole number starting at 1, bumped on every change."] },
        { "version not a number", "m.yaml", MetricWith("version:", "version: three"), ["m.yaml:2:10: error CXD0005: 'version' in metric 'containment_rate' must be a whole number; found 'three'."] },
        { "missing unit of analysis", "m.yaml", MetricWith("unit_of_analysis:", null), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'unit_of_analysis': what one counted thing is: a journey or a semantic model"] },
        { "missing inclusion", "m.yaml", Metric.Replace("inclusion:\n  - { name: eligible, where: \"eligible\" }\n", ""), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'inclusion': which units count (write 'inclusion: []' to state that all units count)"] },
        { "missing exclusions", "m.yaml", Metric.Replace("exclusions:\n  - { name: rage quits, where: \"end_reason = 'rage_quit'\" }\n", ""), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'exclusions': which units are removed and why (write 'exclusions: []' to state that none are)"] },
        { "missing confirmation", "m.yaml", MetricWith("confirmation:", null), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'confirmation': how an outcome is known to be real, e.g. { method: no_recontact, window: P7D } or { method: declared }"] },
        { "missing segmentation", "m.yaml", Metric.Replace("segmentation:\n  required: [channel]\n  allowed: [channel, segment]\n  min_cell_size: 30\n", ""), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'segmentation': how the metric may and must be sliced: { required: […], allowed: […], min_cell_size: 30 }"] },
        { "missing owner", "m.yaml", MetricWith("owner:", null), ["m.yaml:1:1: error CXD0004: Metric 'containment_rate' is missing 'owner': the team accountable for the definition"] },
        { "unnamed exclusion", "m.yaml", Metric.Replace("{ name: rage quits, where:", "{ where:"), ["m.yaml:14:5: error CXD0004: Exclusion of metric 'containment_rate' is missing 'name': each exclusion is named, so the exclusion funnel and glossary can show it"] },
        { "inclusion without condition", "m.yaml", Metric.Replace("{ name: eligible, where: \"eligible\" }", "{ name: eligible }"), ["m.yaml:12:5: error CXD0004: Inclusion rule of metric 'containment_rate' is missing 'where': the condition of the inclusion rule"] },
        // --- names and enumerations
        { "invalid metric name", "m.yaml", MetricWith("metric:", "metric: Containment-Rate"), ["m.yaml:1:9: error CXD0007: 'Containment-Rate' is not a valid name: use snake_case (lower-case letters, digits and underscores, starting with a letter)."] },
        { "unknown metric type", "m.yaml", MetricWith("type:", "type: ratios"), ["m.yaml:8:7: error CXD0008: 'ratios' is not a valid metric type; expected one of: simple, ratio, mean, distribution, derived, agreement. Did you mean 'ratio'?"] },
        { "unknown format", "m.yaml", MetricWith("format:", "format: percentage"), ["m.yaml:21:9: error CXD0008: 'percentage' is not a valid format; expected one of: percent, number, duration, currency, score. Did you mean 'percent'?"] },
        { "unknown confirmation method", "m.yaml", MetricWith("confirmation:", "confirmation: { method: no_recontac, window: P7D }"), ["m.yaml:15:25: error CXD0008: 'no_recontac' is not a valid confirmation method; expected one of: declared, system_event, no_recontact, survey, evaluator, qa_sample. Did you mean 'no_recontact'?"] },
        { "duplicate metric", "n.yaml", Metric, ["n.yaml:1:1: error CXD0006: Metric 'containment_rate' is defined twice; the first definition is at m.yaml:1:1. Rename or remove one."] },
        // --- references
        { "unknown unit", "m.yaml", MetricWith("unit_of_analysis:", "unit_of_analysis: intent_journy"), ["m.yaml:7:19: error CXD0020: Metric 'containment_rate' refers to 'intent_journy', which is not a journey or semantic model. Did you mean 'intent_journey'?"] },
        { "unknown column in a filter", "m.yaml", Metric.Replace("last_handler = 'bot'", "last_handlr = 'bot'"), ["m.yaml:9:22: error CXE0101: Unknown column 'last_handlr'; it is not a column of this model or of a declared join, so check the spelling or declare it. Did you mean 'last_handler'?"] },
        { "enum value the warehouse does not have", "m.yaml", Metric.Replace("end_reason = 'rage_quit'", "channel = 'fax'"), ["m.yaml:14:43: error CXE0109: 'fax' is not a value of channel; expected one of: voice, chat, email."] },
        { "filter that is not a condition", "m.yaml", Metric.Replace("where: \"eligible\"", "where: \"contacts\""), ["m.yaml:12:31: error CXE0112: A where filter must be a true/false condition; `contacts` is Integer. Compare it with a value (for example `contacts = …`) or test it with 'is not null'."] },
        { "expression syntax error", "m.yaml", Metric.Replace("last_handler = 'bot'", "last_handler = = 'bot'"), ["m.yaml:9:37: error CXE0012: Unexpected '='; expected a value, a column name or '('."] },
        { "sql smuggled into a filter", "m.yaml", Metric.Replace("last_handler = 'bot'", "last_handler = 'bot'; drop table interactions"), ["m.yaml:9:42: error CXE0007: ';' is not allowed: an expression is a single condition or value, not a SQL statement; remove it."] },
        { "unknown allowed segment", "m.yaml", Metric.Replace("allowed: [channel, segment]", "allowed: [channel, segmnt]"), ["m.yaml:18:22: error CXD0020: Segmentation of metric 'containment_rate' refers to 'segmnt', which is not a dimension of its unit 'intent_journey'. Did you mean 'segment'?"] },
        { "required segment not allowed", "m.yaml", Metric.Replace("required: [channel]", "required: [segment]").Replace("allowed: [channel, segment]", "allowed: [channel]"), ["m.yaml:17:14: error CXD0030: Required segment 'segment' of metric 'containment_rate' is not among its allowed segments; add it to 'allowed' (a required split must be a permitted one)."] },
        // --- confirmation
        { "no_recontact without window", "m.yaml", MetricWith("confirmation:", "confirmation: { method: no_recontact }"), ["m.yaml:15:15: error CXD0060: Confirmation method 'no_recontact' of metric 'containment_rate' needs 'window': how long the customer must stay away, e.g. P7D"] },
        { "window in months", "m.yaml", MetricWith("confirmation:", "confirmation: { method: no_recontact, window: P1M }"), ["m.yaml:15:47: error CXD0010: 'P1M' contains months or years, which vary in length; a window must be a fixed length — use days, e.g. P30D."] },
        { "zero window", "m.yaml", MetricWith("confirmation:", "confirmation: { method: no_recontact, window: PT0S }"), ["m.yaml:15:47: error CXD0010: 'PT0S' must be longer than zero."] },
        { "system_event without events", "m.yaml", MetricWith("confirmation:", "confirmation: { method: system_event, window: P3D }"), ["m.yaml:15:15: error CXD0060: Confirmation method 'system_event' of metric 'containment_rate' needs 'events': the system event types that confirm the outcome, e.g. [order_shipped], or 'events_by_intent' with the types per intent"] },
        { "evaluator without pinned version", "m.yaml", MetricWith("confirmation:", "confirmation: { method: evaluator, evaluator: tone }"), ["m.yaml:15:15: error CXD0060: Confirmation method 'evaluator' of metric 'containment_rate' needs 'evaluator_version': a pinned version, so a time series never mixes evaluator versions"] },
        { "no_recontact on a model unit", "m.yaml", MetricWith("unit_of_analysis:", "unit_of_analysis: interactions").Replace("last_handler", "handled_by").Replace("required: [channel]", "required: []"), ["m.yaml:1:1: error CXD0090: Metric 'containment_rate' is confirmed by no_recontact, which needs a journey as unit of analysis (recontact is a later contact of the same identity); 'interactions' is a semantic model."] },
        // --- numbers
        { "thresholds in the wrong order", "m.yaml", MetricWith("thresholds:", "thresholds: { green: 0.4, amber: 0.5, better: higher }"), ["m.yaml:20:22: error CXD0031: Thresholds of metric 'containment_rate' are in the wrong order: with better: higher, green (0.4) must be at least amber (0.5)."] },
        { "threshold not a number", "m.yaml", MetricWith("thresholds:", "thresholds: { green: high, amber: 0.5, better: higher }"), ["m.yaml:20:22: error CXD0005: 'green' in thresholds of metric 'containment_rate' must be a number; found 'high'."] },
        { "min cell size zero", "m.yaml", Metric.Replace("min_cell_size: 30", "min_cell_size: 0"), ["m.yaml:19:18: error CXD0032: 'min_cell_size' in segmentation of metric 'containment_rate' must be at least 1; found 0."] },
        { "percentile out of range", "m.yaml", MetricWith("type:", "type: simple\nagg: percentile\npercentile: 95\nexpr: contacts").Replace("numerator: { where: \"last_handler = 'bot'\" }\n", "").Replace("denominator: {}\n", ""), ["m.yaml:10:13: error CXD0032: 'percentile' in metric 'containment_rate' must be a fraction between 0 and 1; found 95."] },
        // --- derived metrics
        { "derived metric naming an unknown metric", "d.yaml", Metric.Replace("containment_rate", "per_contact").Replace("type: ratio", "type: derived\nexpr: \"containment_rat / 2\"").Replace("numerator: { where: \"last_handler = 'bot'\" }\n", "").Replace("denominator: {}\n", ""), ["d.yaml:9:8: error CXD0020: Derived metric 'per_contact' refers to 'containment_rat', which is not a metric. Did you mean 'containment_rate'?"] },
        { "derived metrics in a cycle", "d.yaml", Derived("a", "b") + "\n---\n" + Derived("b", "a"), ["d.yaml:1:1: error CXD0040: Derived metrics form a cycle: a → b → a. A derived metric cannot depend on itself."] },
        // --- models and journeys
        { "unknown table", "x.yaml", NewModel.Replace("table: interactions", "table: interaction"), ["x.yaml:2:8: error CXD0020: Semantic model 'extra' refers to 'interaction', which is not a table. Did you mean 'interactions'?"] },
        { "unknown primary key column", "x.yaml", NewModel.Replace("primary_key: interaction_id", "primary_key: id"), ["x.yaml:3:14: error CXD0021: Table 'interactions' has no column 'id'."] },
        { "dimension over an unknown column", "x.yaml", NewModel + "\n  handler: { expr: handledby }\n", ["x.yaml:6:20: error CXE0101: Unknown column 'handledby'; it is not a column of this model or of a declared join, so check the spelling or declare it. Did you mean 'handled_by'?"] },
        { "enum without values", "x.yaml", NewModel.Replace("channel: {}", "channel: { type: enum, values: [] }"), ["x.yaml:5:34: error CXD0050: Dimension 'channel' is an enum and needs a non-empty, duplicate-free 'values' list; the list is empty."] },
        { "enum value not in the warehouse", "x.yaml", NewModel.Replace("channel: {}", "channel: { type: enum, values: [voice, fax] }"), ["x.yaml:5:3: error CXD0050: Dimension 'channel' lists 'fax', which the warehouse does not allow in interactions.channel (allowed: voice, chat, email); remove it or fix the spelling."] },
        { "declared type contradicts the column", "x.yaml", NewModel.Replace("channel: {}", "channel: { type: number }"), ["x.yaml:5:3: error CXD0080: Dimension 'channel' is declared number but 'channel' is String; fix the type or the expression."] },
        { "sum over text", "x.yaml", NewModel + "\nmeasures:\n  total: { agg: sum, expr: channel }\n", ["x.yaml:7:28: error CXD0080: Measure 'total' of semantic model 'extra' aggregates with sum, which needs a number; 'channel' is String."] },
        { "fan-out through a one_to_many join", "x.yaml", NewModel + "\n  segment: { via: customers.segment }\njoins:\n  customers: { on: customer_id, relationship: one_to_many }\n", ["x.yaml:6:3: error CXD0041: Dimension 'segment' of semantic model 'extra' reaches 'customers' through the one_to_many join 'customers', which would repeat each extra row once per customers row and inflate its measures; model it from 'customers' instead, or declare the join many_to_one if it is."] },
        { "measure fanning out through a one_to_many join", "x.yaml", NewModel + "\nmeasures:\n  segments: { agg: count_distinct, expr: customers.segment }\njoins:\n  customers: { on: customer_id, relationship: one_to_many }\n", ["x.yaml:7:42: error CXD0041: Measure 'segments' of semantic model 'extra' reaches 'customers' through the one_to_many join 'customers', which would repeat each extra row once per customers row and inflate its measures; model it from 'customers' instead, or declare the join many_to_one if it is."] },
        { "via an undeclared join", "x.yaml", NewModel + "\n  segment: { via: customer.segment }\n", ["x.yaml:6:3: error CXD0020: Dimension 'segment' of semantic model 'extra' refers to 'customer', which is not a join."] },
        { "journey from an unknown model", "j.yaml", "journey: j2\nfrom: interaction\nidentity: [customer_id]\nwindow: P1D\n", ["j.yaml:2:7: error CXD0020: Journey 'j2' refers to 'interaction', which is not a semantic model. Did you mean 'interactions'?"] },
        { "journey identity not a dimension", "j.yaml", "journey: j2\nfrom: interactions\nidentity: [customer]\nwindow: P1D\n", ["j.yaml:3:12: error CXD0020: The identity of journey 'j2' refers to 'customer', which is not a dimension of 'interactions'. Did you mean 'customer_id'?"] },
        // --- access policies
        // --- related facts, journey horizon, linked confirmation, functions
        { "related fact from an unknown model", "x.yaml", NewModel + "\n  answers: { from: survey, agg: count }", ["x.yaml:6:3: error CXD0020: Dimension 'answers' of semantic model 'extra' refers to 'survey', which is not a semantic model."] },
        { "related fact without a join back", "x.yaml", NewModel + "\n  customer_rows: { from: customers, agg: count }", ["x.yaml:6:3: error CXD0080: Dimension 'customer_rows' of semantic model 'extra' reads rows of 'customers', but 'customers' has no many-to-one join to 'extra' saying which rows belong to a unit; add `joins: { extra: { on: <key>, relationship: many_to_one } }` to 'customers'."] },
        { "related fact with an unknown aggregation", "x.yaml", SurveysModel + NewModel + "\n  answers: { from: surveys, agg: sum }", ["x.yaml:14:34: error CXD0008: 'sum' is not a valid related aggregation; expected one of: count, any."] },
        { "related fact filter on an unknown column", "x.yaml", SurveysModel + NewModel + "\n  answers: { from: surveys, agg: any, where: \"kindd = 'nps'\" }", ["x.yaml:14:47: error CXE0101: Unknown column 'kindd'; it is not a column of this model or of a declared join, so check the spelling or declare it. Did you mean 'kind'?"] },
        { "related fact within a window but no time", "x.yaml", SurveysModel + NewModel + "\n  answers: { from: surveys, agg: any, within: P7D }", ["x.yaml:14:3: error CXD0080: Dimension 'answers' of semantic model 'extra' counts 'surveys' rows within P7D of the unit, which needs a 'time' column on both 'extra' and 'surveys'."] },
        { "journey horizon shorter than its window", "j.yaml", "journey: j2\nfrom: interactions\nidentity: [customer_id]\nwindow: P7D\nhorizon: P3D\n", ["j.yaml:5:10: error CXD0080: Journey 'j2' has horizon P3D shorter than its window P7D; a journey must be read at least as long as the gap that continues it. Set 'horizon' to P7D or more (e.g. twice the window)."] },
        { "events_by_intent entry that is not a list", "m.yaml", MetricWith("confirmation:", "confirmation: { method: system_event, window: P3D, link: intent, events_by_intent: { order_status: order_shipped } }"), ["m.yaml:15:15: error CXD0060: Confirmation method 'system_event' of metric 'containment_rate' needs 'events': the system event types that confirm the outcome, e.g. [order_shipped], or 'events_by_intent' with the types per intent", "m.yaml:15:100: error CXD0008: 'order_status' is not a valid events_by_intent entry; expected one of: a list of event types, e.g. order_status: [order_shipped]."] },
        { "unknown event link", "m.yaml", MetricWith("confirmation:", "confirmation: { method: system_event, window: P3D, link: contct, events: [x] }"), ["m.yaml:15:58: error CXD0008: 'contct' is not a valid event link; expected one of: contact, intent, customer. Did you mean 'contact'?"] },
        { "seconds_between of a number", "m.yaml", Metric.Replace("numerator: { where: \"last_handler = 'bot'\" }", "numerator: { where: \"seconds_between(contacts, started_at) > 60\" }"), ["m.yaml:9:38: error CXE0115: 'seconds_between' needs a timestamp (an instant such as started_at), but `contacts` is Integer; use a Timestamp column here.", "m.yaml:9:48: error CXE0101: Unknown column 'started_at'; it is not a column of this model or of a declared join, so check the spelling or declare it."] },
        { "policy naming an unknown metric", "p.yaml", "access_policy: viewer\nmetrics: [containment_rte]\n", ["p.yaml:2:11: error CXD0020: Access policy 'viewer' refers to 'containment_rte', which is not a metric. Did you mean 'containment_rate'?"] },
        { "row filter on an unknown dimension", "p.yaml", "access_policy: viewer\nmetrics: [\"*\"]\nrow_filters:\n  - { dimension: tennant, claim: tenant }\n", ["p.yaml:4:18: error CXD0020: A row filter of access policy 'viewer' refers to 'tennant', which is not a dimension."] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_broken_definition_gets_its_exact_positioned_message(string name, string file, string text, string[] expected)
    {
        _ = name;
        var files = file == "m.yaml"
            ? [new DefinitionFile("m.yaml", text)]
            : new[] { new DefinitionFile("m.yaml", Metric), new DefinitionFile(file, text) };
        var result = Load(files);
        Assert.Null(result.Catalog);
        Assert.Equal(string.Join("\n", expected), string.Join("\n", result.Errors));
    }

    private const string SurveysModel = """
        semantic_model: surveys
        table: surveys
        primary_key: [interaction_id, kind]
        dimensions:
          kind: {}
        joins:
          extra: { on: interaction_id, relationship: many_to_one }
        ---

        """;

    private static string Derived(string name, string other) => Metric
        .Replace("containment_rate", name)
        .Replace("type: ratio", $"type: derived\nexpr: \"{other} * 2\"")
        .Replace("numerator: { where: \"last_handler = 'bot'\" }\n", string.Empty)
        .Replace("denominator: {}\n", string.Empty);
}

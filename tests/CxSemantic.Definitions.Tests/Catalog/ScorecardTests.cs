using CxSemantic.Definitions.Loading;
using CxSemantic.Definitions.Model;
using CxSemantic.Testing;
using CxSemantic.Warehouse.Schema;

namespace CxSemantic.Definitions.Tests.Catalog;

/// <summary>The shipped scorecard (metric-definitions/) against the real warehouse schema.</summary>
public sealed class ScorecardTests
{
    internal static readonly string Folder = RepositoryPaths.MetricDefinitions;

    private static readonly Lazy<MetricCatalog> Catalog = new(() =>
    {
        var result = CatalogLoader.LoadDirectory(Folder, WarehouseSchema.PhysicalSchema);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Catalog!;
    });

    public static TheoryData<string> MetricNames => new(CatalogLoader.LoadDirectory(Folder, WarehouseSchema.PhysicalSchema).Catalog!.Metrics.Keys);

    [Fact]
    public void The_scorecard_loads_without_errors_or_warnings()
    {
        var result = CatalogLoader.LoadDirectory(Folder, WarehouseSchema.PhysicalSchema);
        Assert.Equal(string.Empty, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void The_scorecard_has_every_metric_the_ai_cx_literature_asks_for()
    {
        string[] required =
        [
            "containment_rate", "safe_automation_rate", "self_service_completion_time", "resolution_accuracy",
            "intent_recognition_accuracy", "guidance_acceptance", "handoff_quality", "conversational_csat", "customer_effort",
            "nps", "empathy_alignment", "sla_adherence", "cost_to_serve_per_resolved_intent", "automated_share", "assisted_share",
            "human_share", "escalation_rate", "intent_fcr", "recontact_rate", "silent_failure_rate", "policy_violation_rate",
            "policy_near_miss_rate", "crm_disposition_mismatch_rate", "evaluator_calibration", "conversation_quality", "loop_rate",
            "average_handle_time", "model_drift_index",
        ];
        Assert.Equal(string.Empty, string.Join(", ", required.Where(m => !Catalog.Value.Metrics.ContainsKey(m))));
    }

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void Every_metric_states_the_four_elements_and_its_governance(string name)
    {
        var catalog = Catalog.Value;
        var metric = catalog.Metrics[name];

        // Governance.
        Assert.True(metric.Version >= 1);
        Assert.False(string.IsNullOrWhiteSpace(metric.Label));
        Assert.False(string.IsNullOrWhiteSpace(metric.Owner));
        Assert.False(string.IsNullOrWhiteSpace(metric.Category));
        Assert.True(metric.Description.Length >= 30, $"{name}: the description should explain the metric to a CX leader.");

        // 1. Unit of analysis: a journey or a semantic model.
        Assert.True(catalog.Journeys.ContainsKey(metric.UnitOfAnalysis) || catalog.Models.ContainsKey(metric.UnitOfAnalysis));

        // 2. Inclusion rules and exclusions: stated (the loader refuses a missing key), each named and parsed.
        Assert.All(metric.Inclusion.Concat(metric.Exclusions), rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Name));
            Assert.NotNull(rule.Where.Syntax);
        });

        // 3. Confirmation: complete for its method.
        var confirmation = metric.Confirmation;
        switch (confirmation.Method)
        {
            case ConfirmationMethod.NoRecontact:
                Assert.NotNull(confirmation.Window);
                Assert.True(catalog.Journeys.ContainsKey(metric.UnitOfAnalysis));
                break;
            case ConfirmationMethod.SystemEvent:
                Assert.NotNull(confirmation.Window);
                Assert.True(!confirmation.Events.IsEmpty || !confirmation.EventsByIntent.IsEmpty);
                break;
            case ConfirmationMethod.Evaluator:
                Assert.NotNull(confirmation.Evaluator);
                Assert.NotNull(confirmation.EvaluatorVersion);
                break;
            case ConfirmationMethod.Survey:
                Assert.Contains(confirmation.SurveyKind, new[] { "csat", "ces", "nps" });
                break;
        }

        // 4. Segmentation: allowed dimensions listed, required ⊆ allowed, a minimum cell size.
        Assert.NotEmpty(metric.Segmentation.Allowed);
        Assert.All(metric.Segmentation.Required, r => Assert.Contains(r, metric.Segmentation.Allowed));
        Assert.True(metric.Segmentation.MinCellSize >= 1);

        // Thresholds, where given, point the right way.
        if (metric.Thresholds is { } t)
        {
            Assert.True(t.Better == Direction.Higher ? t.Green >= t.Amber : t.Green <= t.Amber);
        }
    }

    [Fact]
    public void Evaluator_metrics_never_mix_versions()
    {
        // A metric over evaluator scores either pins a version or must be split by it.
        foreach (var metric in Catalog.Value.Metrics.Values.Where(m => m.UnitOfAnalysis == "evaluations"))
        {
            var pinned = metric.Inclusion.Any(i => i.Where.Text.Contains("evaluator_version =", StringComparison.Ordinal))
                || metric.Spec is AgreementMetricSpec { Version: not null };
            Assert.True(pinned || metric.Segmentation.Required.Contains("evaluator_version"), $"{metric.Name} can mix evaluator versions.");
        }
    }
}

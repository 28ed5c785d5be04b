using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using V = CxSemantic.Warehouse.Model.WarehouseVocabulary;

namespace CxSemantic.Warehouse.Model;

// One configuration per table. FKs never cascade: the warehouse is append-only and a delete that
// silently removes facts would falsify metrics.

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers", t => t
            .HasValueCheck(x => x.Segment, V.Segments)
            .HasValueCheck(x => x.Region, V.Regions)
            .HasValueCheck(x => x.TenureBand, V.TenureBands));
        builder.HasKey(x => x.CustomerId);
        builder.Property(x => x.CustomerId).HasMaxLength(32);
    }
}

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("agents", t => t.HasNonNegativeCheck(x => x.TenureMonths));
        builder.HasKey(x => x.AgentId);
        builder.Property(x => x.AgentId).HasMaxLength(32);
    }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("interactions", t =>
        {
            t.HasValueCheck(x => x.Channel, V.Channels)
                .HasValueCheck(x => x.IntentComplexity, V.IntentComplexities)
                .HasRangeCheck(x => x.IntentConfidence, 0, 1)
                .HasValueCheck(x => x.HandledBy, V.HandledBy)
                .HasValueCheck(x => x.EndReason, V.EndReasons)
                .HasValueCheck(x => x.DeclaredOutcome, V.DeclaredOutcomes)
                .HasValueCheck(x => x.JourneyStage, V.JourneyStages)
                .HasNonNegativeCheck(x => x.HandleSeconds)
                .HasNonNegativeCheck(x => x.WaitSeconds)
                .HasNonNegativeCheck(x => x.FirstResponseMs);
            t.HasCheckConstraint("ck_interactions_ended_after_started", "ended_at >= started_at");
            t.HasCheckConstraint("ck_interactions_bot_release", "handled_by = 'agent' OR bot_release IS NOT NULL");
        });
        builder.HasKey(x => x.InteractionId);
        builder.Property(x => x.InteractionId).ValueGeneratedNever();
        builder.Property(x => x.CustomerId).HasMaxLength(32);
        builder.Property(x => x.AgentId).HasMaxLength(32);
        builder.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Agent>().WithMany().HasForeignKey(x => x.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => new { x.CustomerId, x.StartedAt });
        builder.HasIndex(x => x.StartedAt);
    }
}

internal sealed class TurnConfiguration : IEntityTypeConfiguration<Turn>
{
    public void Configure(EntityTypeBuilder<Turn> builder)
    {
        builder.ToTable("turns", t => t
            .HasValueCheck(x => x.Actor, V.Actors)
            .HasNonNegativeCheck(x => x.TurnSeq)
            .HasNonNegativeCheck(x => x.LatencyMs));
        builder.HasKey(x => new { x.InteractionId, x.TurnSeq });
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HandoffConfiguration : IEntityTypeConfiguration<Handoff>
{
    public void Configure(EntityTypeBuilder<Handoff> builder)
    {
        builder.ToTable("handoffs", t => t
            .HasValueCheck(x => x.FromActor, V.Actors)
            .HasValueCheck(x => x.ToActor, V.Actors)
            .HasValueCheck(x => x.Reason, V.HandoffReasons));
        builder.HasKey(x => new { x.InteractionId, x.HandoffSeq });
        builder.Property(x => x.ToAgentId).HasMaxLength(32);
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Agent>().WithMany().HasForeignKey(x => x.ToAgentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> builder)
    {
        builder.ToTable("evaluations", t =>
        {
            t.HasValueCheck(x => x.Evaluator, V.Evaluators.Select(e => e.Name))
                .HasValueCheck(x => x.EvaluatorVersion, V.EvaluatorVersions)
                .HasRangeCheck(x => x.Score, 0, 1);
            t.HasCheckConstraint("ck_evaluations_label", LabelCheck("evaluator"));
        });
        builder.HasKey(x => new { x.InteractionId, x.Evaluator, x.EvaluatorVersion });
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
    }

    /// <summary>Each evaluator may only emit its own labels.</summary>
    internal static string LabelCheck(string dimensionColumn) => CheckSql.AnyOf(V.Evaluators.Select(evaluator =>
        $"{dimensionColumn} = {CheckSql.Literal(evaluator.Name)} AND {CheckSql.In("label", evaluator.Labels)}"));
}

internal sealed class HumanLabelConfiguration : IEntityTypeConfiguration<HumanLabel>
{
    public void Configure(EntityTypeBuilder<HumanLabel> builder)
    {
        builder.ToTable("human_labels", t =>
        {
            t.HasValueCheck(x => x.Dimension, V.Evaluators.Select(e => e.Name));
            t.HasCheckConstraint("ck_human_labels_label", EvaluationConfiguration.LabelCheck("dimension"));
        });
        builder.HasKey(x => new { x.InteractionId, x.Dimension, x.ReviewerId });
        builder.Property(x => x.ReviewerId).HasMaxLength(32);
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.ToTable("surveys", t =>
        {
            t.HasValueCheck(x => x.Kind, V.SurveyKinds.Select(s => s.Kind));
            t.HasCheckConstraint("ck_surveys_score", CheckSql.AnyOf(V.SurveyKinds.Select(s =>
                $"kind = {CheckSql.Literal(s.Kind)} AND {CheckSql.Between("score", s.MinScore, s.MaxScore)}")));
        });
        builder.HasKey(x => new { x.InteractionId, x.Kind });
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SystemEventConfiguration : IEntityTypeConfiguration<SystemEvent>
{
    public void Configure(EntityTypeBuilder<SystemEvent> builder)
    {
        builder.ToTable("system_events", t => t.HasValueCheck(x => x.EventType, V.SystemEventTypes));
        builder.HasKey(x => x.EventId);
        builder.Property(x => x.EventId).ValueGeneratedNever();
        builder.Property(x => x.CustomerId).HasMaxLength(32);
        builder.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(x => new { x.CustomerId, x.OccurredAt });
    }
}

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        builder.ToTable("suggestions", t => t.HasValueCheck(x => x.Kind, V.SuggestionKinds));
        builder.HasKey(x => new { x.InteractionId, x.SuggestionSeq });
        builder.Property(x => x.AgentId).HasMaxLength(32);
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Agent>().WithMany().HasForeignKey(x => x.AgentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PolicyEventConfiguration : IEntityTypeConfiguration<PolicyEvent>
{
    public void Configure(EntityTypeBuilder<PolicyEvent> builder)
    {
        builder.ToTable("policy_events", t => t
            .HasValueCheck(x => x.Policy, V.Policies)
            .HasValueCheck(x => x.Severity, V.PolicySeverities));
        builder.HasKey(x => new { x.InteractionId, x.PolicyEventSeq });
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CrmWriteConfiguration : IEntityTypeConfiguration<CrmWrite>
{
    public void Configure(EntityTypeBuilder<CrmWrite> builder)
    {
        builder.ToTable("crm_writes", t => t
            .HasValueCheck(x => x.WrittenBy, V.Actors.Where(a => a != "customer"))
            .HasValueCheck(x => x.Tool, V.CrmTools));
        builder.HasKey(x => new { x.InteractionId, x.WriteSeq });
        builder.HasOne<Interaction>().WithMany().HasForeignKey(x => x.InteractionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CostRateConfiguration : IEntityTypeConfiguration<CostRate>
{
    public void Configure(EntityTypeBuilder<CostRate> builder)
    {
        builder.ToTable("cost_rates", t =>
        {
            t.HasValueCheck(x => x.Channel, V.Channels)
                .HasValueCheck(x => x.Actor, V.Actors.Where(a => a != "customer"))
                .HasNonNegativeCheck(x => x.CostPerMinute)
                .HasNonNegativeCheck(x => x.OverheadPerInteraction);
            t.HasCheckConstraint("ck_cost_rates_effective_range", "effective_to > effective_from");
        });
        builder.HasKey(x => new { x.Channel, x.Actor, x.EffectiveFrom });
        builder.Property(x => x.CostPerMinute).HasPrecision(10, 4);
        builder.Property(x => x.OverheadPerInteraction).HasPrecision(10, 4);
    }
}

internal sealed class WarehouseMetaConfiguration : IEntityTypeConfiguration<WarehouseMeta>
{
    public void Configure(EntityTypeBuilder<WarehouseMeta> builder)
    {
        builder.ToTable("warehouse_meta", t =>
        {
            t.HasCheckConstraint("ck_warehouse_meta_single_row", "meta_id = 1");
            t.HasCheckConstraint("ck_warehouse_meta_range", "watermark_at >= data_from");
        });
        builder.HasKey(x => x.MetaId);
        builder.Property(x => x.MetaId).ValueGeneratedNever();
    }
}

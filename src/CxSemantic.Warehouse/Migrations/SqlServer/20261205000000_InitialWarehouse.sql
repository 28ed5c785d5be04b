CREATE TABLE [agents] (
    [agent_id] nvarchar(32) NOT NULL,
    [team] nvarchar(64) NOT NULL,
    [tenure_months] int NOT NULL,
    [hired_on] date NOT NULL,
    CONSTRAINT [pk_agents] PRIMARY KEY ([agent_id]),
    CONSTRAINT [ck_agents_tenure_months] CHECK (tenure_months >= 0)
);
GO


CREATE TABLE [cost_rates] (
    [channel] nvarchar(64) NOT NULL,
    [actor] nvarchar(64) NOT NULL,
    [effective_from] date NOT NULL,
    [effective_to] date NULL,
    [cost_per_minute] decimal(10,4) NOT NULL,
    [overhead_per_interaction] decimal(10,4) NOT NULL,
    CONSTRAINT [pk_cost_rates] PRIMARY KEY ([channel], [actor], [effective_from]),
    CONSTRAINT [ck_cost_rates_actor] CHECK (actor IN ('bot', 'agent')),
    CONSTRAINT [ck_cost_rates_channel] CHECK (channel IN ('voice', 'chat', 'messaging', 'email', 'web')),
    CONSTRAINT [ck_cost_rates_cost_per_minute] CHECK (cost_per_minute >= 0),
    CONSTRAINT [ck_cost_rates_effective_range] CHECK (effective_to > effective_from),
    CONSTRAINT [ck_cost_rates_overhead_per_interaction] CHECK (overhead_per_interaction >= 0)
);
GO


CREATE TABLE [customers] (
    [customer_id] nvarchar(32) NOT NULL,
    [tenant_id] nvarchar(64) NOT NULL,
    [segment] nvarchar(64) NOT NULL,
    [region] nvarchar(64) NOT NULL,
    [tenure_band] nvarchar(64) NOT NULL,
    [customer_since] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_customers] PRIMARY KEY ([customer_id]),
    CONSTRAINT [ck_customers_region] CHECK (region IN ('amer', 'emea', 'apac')),
    CONSTRAINT [ck_customers_segment] CHECK (segment IN ('consumer', 'smb', 'enterprise')),
    CONSTRAINT [ck_customers_tenure_band] CHECK (tenure_band IN ('under_3m', '3_12m', '1_3y', 'over_3y'))
);
GO


CREATE TABLE [warehouse_meta] (
    [meta_id] int NOT NULL,
    [watermark_at] datetimeoffset(6) NOT NULL,
    [data_from] datetimeoffset(6) NOT NULL,
    [source] nvarchar(64) NOT NULL,
    [seed] bigint NULL,
    [schema_version] int NOT NULL,
    CONSTRAINT [pk_warehouse_meta] PRIMARY KEY ([meta_id]),
    CONSTRAINT [ck_warehouse_meta_range] CHECK (watermark_at >= data_from),
    CONSTRAINT [ck_warehouse_meta_single_row] CHECK (meta_id = 1)
);
GO


CREATE TABLE [interactions] (
    [interaction_id] bigint NOT NULL,
    [customer_id] nvarchar(32) NOT NULL,
    [tenant_id] nvarchar(64) NOT NULL,
    [channel] nvarchar(64) NOT NULL,
    [queue] nvarchar(64) NOT NULL,
    [started_at] datetimeoffset(6) NOT NULL,
    [ended_at] datetimeoffset(6) NOT NULL,
    [intent_predicted] nvarchar(64) NOT NULL,
    [intent_confidence] float NULL,
    [intent_confirmed] nvarchar(64) NULL,
    [intent_complexity] nvarchar(64) NOT NULL,
    [eligible_for_automation] bit NOT NULL,
    [handled_by] nvarchar(64) NOT NULL,
    [agent_id] nvarchar(32) NULL,
    [bot_release] nvarchar(64) NULL,
    [end_reason] nvarchar(64) NOT NULL,
    [declared_outcome] nvarchar(64) NULL,
    [handle_seconds] int NOT NULL,
    [wait_seconds] int NOT NULL,
    [first_response_ms] int NULL,
    [journey_stage] nvarchar(64) NOT NULL,
    [proactive] bit NOT NULL,
    CONSTRAINT [pk_interactions] PRIMARY KEY ([interaction_id]),
    CONSTRAINT [ck_interactions_bot_release] CHECK (handled_by = 'agent' OR bot_release IS NOT NULL),
    CONSTRAINT [ck_interactions_channel] CHECK (channel IN ('voice', 'chat', 'messaging', 'email', 'web')),
    CONSTRAINT [ck_interactions_declared_outcome] CHECK (declared_outcome IN ('resolved', 'unresolved', 'follow_up')),
    CONSTRAINT [ck_interactions_end_reason] CHECK (end_reason IN ('resolved', 'escalated', 'abandoned', 'forced_termination', 'rage_quit', 'transferred')),
    CONSTRAINT [ck_interactions_ended_after_started] CHECK (ended_at >= started_at),
    CONSTRAINT [ck_interactions_first_response_ms] CHECK (first_response_ms >= 0),
    CONSTRAINT [ck_interactions_handle_seconds] CHECK (handle_seconds >= 0),
    CONSTRAINT [ck_interactions_handled_by] CHECK (handled_by IN ('bot', 'agent', 'bot_to_agent')),
    CONSTRAINT [ck_interactions_intent_complexity] CHECK (intent_complexity IN ('simple', 'moderate', 'complex')),
    CONSTRAINT [ck_interactions_intent_confidence] CHECK (intent_confidence >= 0 AND intent_confidence <= 1),
    CONSTRAINT [ck_interactions_journey_stage] CHECK (journey_stage IN ('onboarding', 'support', 'renewal')),
    CONSTRAINT [ck_interactions_wait_seconds] CHECK (wait_seconds >= 0),
    CONSTRAINT [fk_interactions_agent_id] FOREIGN KEY ([agent_id]) REFERENCES [agents] ([agent_id]) ON DELETE NO ACTION,
    CONSTRAINT [fk_interactions_customer_id] FOREIGN KEY ([customer_id]) REFERENCES [customers] ([customer_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [crm_writes] (
    [interaction_id] bigint NOT NULL,
    [write_seq] smallint NOT NULL,
    [written_by] nvarchar(64) NOT NULL,
    [tool] nvarchar(64) NOT NULL,
    [disposition_code] nvarchar(64) NOT NULL,
    [succeeded] bit NOT NULL,
    [written_at] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_crm_writes] PRIMARY KEY ([interaction_id], [write_seq]),
    CONSTRAINT [ck_crm_writes_tool] CHECK (tool IN ('log_disposition', 'update_case', 'create_ticket')),
    CONSTRAINT [ck_crm_writes_written_by] CHECK (written_by IN ('bot', 'agent')),
    CONSTRAINT [fk_crm_writes_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [evaluations] (
    [interaction_id] bigint NOT NULL,
    [evaluator] nvarchar(64) NOT NULL,
    [evaluator_version] nvarchar(64) NOT NULL,
    [score] float NOT NULL,
    [label] nvarchar(64) NOT NULL,
    [evaluated_at] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_evaluations] PRIMARY KEY ([interaction_id], [evaluator], [evaluator_version]),
    CONSTRAINT [ck_evaluations_evaluator] CHECK (evaluator IN ('conversation_resolution', 'conversation_quality', 'tone', 'loop_detection', 'tool_selection_accuracy', 'function_call_accuracy', 'politeness', 'policy_compliance')),
    CONSTRAINT [ck_evaluations_evaluator_version] CHECK (evaluator_version IN ('v1', 'v2', 'v3')),
    CONSTRAINT [ck_evaluations_label] CHECK (CASE WHEN evaluator = 'conversation_resolution' AND label IN ('resolved', 'not_resolved') THEN 1 WHEN evaluator = 'conversation_quality' AND label IN ('good', 'fair', 'poor') THEN 1 WHEN evaluator = 'tone' AND label IN ('positive', 'neutral', 'negative') THEN 1 WHEN evaluator = 'loop_detection' AND label IN ('no_loop', 'loop') THEN 1 WHEN evaluator = 'tool_selection_accuracy' AND label IN ('correct', 'incorrect') THEN 1 WHEN evaluator = 'function_call_accuracy' AND label IN ('correct', 'incorrect') THEN 1 WHEN evaluator = 'politeness' AND label IN ('polite', 'impolite') THEN 1 WHEN evaluator = 'policy_compliance' AND label IN ('compliant', 'non_compliant') THEN 1 ELSE 0 END = 1),
    CONSTRAINT [ck_evaluations_score] CHECK (score >= 0 AND score <= 1),
    CONSTRAINT [fk_evaluations_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [handoffs] (
    [interaction_id] bigint NOT NULL,
    [handoff_seq] smallint NOT NULL,
    [from_actor] nvarchar(64) NOT NULL,
    [to_actor] nvarchar(64) NOT NULL,
    [to_agent_id] nvarchar(32) NULL,
    [occurred_at] datetimeoffset(6) NOT NULL,
    [context_transferred] bit NOT NULL,
    [reason] nvarchar(64) NOT NULL,
    CONSTRAINT [pk_handoffs] PRIMARY KEY ([interaction_id], [handoff_seq]),
    CONSTRAINT [ck_handoffs_from_actor] CHECK (from_actor IN ('customer', 'bot', 'agent')),
    CONSTRAINT [ck_handoffs_reason] CHECK (reason IN ('customer_request', 'low_confidence', 'out_of_scope', 'policy_required', 'authentication_failed', 'negative_sentiment', 'loop_detected', 'specialist_required')),
    CONSTRAINT [ck_handoffs_to_actor] CHECK (to_actor IN ('customer', 'bot', 'agent')),
    CONSTRAINT [fk_handoffs_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION,
    CONSTRAINT [fk_handoffs_to_agent_id] FOREIGN KEY ([to_agent_id]) REFERENCES [agents] ([agent_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [human_labels] (
    [interaction_id] bigint NOT NULL,
    [dimension] nvarchar(64) NOT NULL,
    [reviewer_id] nvarchar(32) NOT NULL,
    [label] nvarchar(64) NOT NULL,
    [labeled_at] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_human_labels] PRIMARY KEY ([interaction_id], [dimension], [reviewer_id]),
    CONSTRAINT [ck_human_labels_dimension] CHECK (dimension IN ('conversation_resolution', 'conversation_quality', 'tone', 'loop_detection', 'tool_selection_accuracy', 'function_call_accuracy', 'politeness', 'policy_compliance')),
    CONSTRAINT [ck_human_labels_label] CHECK (CASE WHEN dimension = 'conversation_resolution' AND label IN ('resolved', 'not_resolved') THEN 1 WHEN dimension = 'conversation_quality' AND label IN ('good', 'fair', 'poor') THEN 1 WHEN dimension = 'tone' AND label IN ('positive', 'neutral', 'negative') THEN 1 WHEN dimension = 'loop_detection' AND label IN ('no_loop', 'loop') THEN 1 WHEN dimension = 'tool_selection_accuracy' AND label IN ('correct', 'incorrect') THEN 1 WHEN dimension = 'function_call_accuracy' AND label IN ('correct', 'incorrect') THEN 1 WHEN dimension = 'politeness' AND label IN ('polite', 'impolite') THEN 1 WHEN dimension = 'policy_compliance' AND label IN ('compliant', 'non_compliant') THEN 1 ELSE 0 END = 1),
    CONSTRAINT [fk_human_labels_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [policy_events] (
    [interaction_id] bigint NOT NULL,
    [policy_event_seq] smallint NOT NULL,
    [policy] nvarchar(64) NOT NULL,
    [severity] nvarchar(64) NOT NULL,
    [human_override] bit NOT NULL,
    [occurred_at] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_policy_events] PRIMARY KEY ([interaction_id], [policy_event_seq]),
    CONSTRAINT [ck_policy_events_policy] CHECK (policy IN ('pii_disclosure', 'identity_verification', 'refund_limit', 'mandatory_disclosure', 'escalation_required')),
    CONSTRAINT [ck_policy_events_severity] CHECK (severity IN ('violation', 'near_miss')),
    CONSTRAINT [fk_policy_events_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [suggestions] (
    [interaction_id] bigint NOT NULL,
    [suggestion_seq] smallint NOT NULL,
    [agent_id] nvarchar(32) NOT NULL,
    [kind] nvarchar(64) NOT NULL,
    [shown_at] datetimeoffset(6) NOT NULL,
    [accepted] bit NOT NULL,
    CONSTRAINT [pk_suggestions] PRIMARY KEY ([interaction_id], [suggestion_seq]),
    CONSTRAINT [ck_suggestions_kind] CHECK (kind IN ('knowledge_article', 'next_best_action', 'response_draft', 'compliance_reminder', 'summary')),
    CONSTRAINT [fk_suggestions_agent_id] FOREIGN KEY ([agent_id]) REFERENCES [agents] ([agent_id]) ON DELETE NO ACTION,
    CONSTRAINT [fk_suggestions_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [surveys] (
    [interaction_id] bigint NOT NULL,
    [kind] nvarchar(64) NOT NULL,
    [score] int NOT NULL,
    [responded_at] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_surveys] PRIMARY KEY ([interaction_id], [kind]),
    CONSTRAINT [ck_surveys_kind] CHECK (kind IN ('csat', 'ces', 'nps')),
    CONSTRAINT [ck_surveys_score] CHECK (CASE WHEN kind = 'csat' AND score >= 1 AND score <= 5 THEN 1 WHEN kind = 'ces' AND score >= 1 AND score <= 7 THEN 1 WHEN kind = 'nps' AND score >= 0 AND score <= 10 THEN 1 ELSE 0 END = 1),
    CONSTRAINT [fk_surveys_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [system_events] (
    [event_id] bigint NOT NULL,
    [customer_id] nvarchar(32) NOT NULL,
    [interaction_id] bigint NULL,
    [event_type] nvarchar(64) NOT NULL,
    [occurred_at] datetimeoffset(6) NOT NULL,
    CONSTRAINT [pk_system_events] PRIMARY KEY ([event_id]),
    CONSTRAINT [ck_system_events_event_type] CHECK (event_type IN ('order_shipped', 'payment_received', 'ticket_closed', 'refund_issued', 'dispute_filed', 'complaint', 'account_closed')),
    CONSTRAINT [fk_system_events_customer_id] FOREIGN KEY ([customer_id]) REFERENCES [customers] ([customer_id]) ON DELETE NO ACTION,
    CONSTRAINT [fk_system_events_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE TABLE [turns] (
    [interaction_id] bigint NOT NULL,
    [turn_seq] smallint NOT NULL,
    [actor] nvarchar(64) NOT NULL,
    [occurred_at] datetimeoffset(6) NOT NULL,
    [latency_ms] int NULL,
    CONSTRAINT [pk_turns] PRIMARY KEY ([interaction_id], [turn_seq]),
    CONSTRAINT [ck_turns_actor] CHECK (actor IN ('customer', 'bot', 'agent')),
    CONSTRAINT [ck_turns_latency_ms] CHECK (latency_ms >= 0),
    CONSTRAINT [ck_turns_turn_seq] CHECK (turn_seq >= 0),
    CONSTRAINT [fk_turns_interaction_id] FOREIGN KEY ([interaction_id]) REFERENCES [interactions] ([interaction_id]) ON DELETE NO ACTION
);
GO


CREATE INDEX [ix_handoffs_to_agent_id] ON [handoffs] ([to_agent_id]);
GO


CREATE INDEX [ix_interactions_agent_id] ON [interactions] ([agent_id]);
GO


CREATE INDEX [ix_interactions_customer_id_started_at] ON [interactions] ([customer_id], [started_at]);
GO


CREATE INDEX [ix_interactions_started_at] ON [interactions] ([started_at]);
GO


CREATE INDEX [ix_suggestions_agent_id] ON [suggestions] ([agent_id]);
GO


CREATE INDEX [ix_system_events_customer_id_occurred_at] ON [system_events] ([customer_id], [occurred_at]);
GO


CREATE INDEX [ix_system_events_interaction_id] ON [system_events] ([interaction_id]);
GO



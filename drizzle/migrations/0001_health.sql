CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`severity` text NOT NULL,
	`playbook` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`status` text NOT NULL,
	`severity` text NOT NULL,
	`title` text NOT NULL,
	`detail` text NOT NULL,
	`playbook` text NOT NULL,
	`assignee` text,
	`snoozed_until` integer,
	`closed_at` integer,
	`close_note` text,
	`period` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_uq` ON `alerts` (`account_id`,`rule_id`) WHERE status <> 'closed';--> statement-breakpoint
CREATE INDEX `alerts_status_idx` ON `alerts` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`,`at`);--> statement-breakpoint
CREATE TABLE `csm_ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`stars` integer NOT NULL,
	`comment` text,
	`rated_by` text,
	`rated_at` integer NOT NULL,
	`expires_at` integer
);
--> statement-breakpoint
CREATE INDEX `csm_ratings_account_idx` ON `csm_ratings` (`account_id`,`rated_at`);--> statement-breakpoint
CREATE TABLE `custom_metrics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` real NOT NULL,
	`recorded_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `custom_metrics_account_key_idx` ON `custom_metrics` (`account_id`,`key`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `health_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`tier` text NOT NULL,
	`score` real,
	`reason` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`cleared_at` integer
);
--> statement-breakpoint
CREATE INDEX `health_overrides_account_idx` ON `health_overrides` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `measure_benchmarks` (
	`scope` text NOT NULL,
	`measure_key` text NOT NULL,
	`mean` real NOT NULL,
	`count` integer NOT NULL,
	`period` text NOT NULL,
	PRIMARY KEY(`scope`, `measure_key`)
);
--> statement-breakpoint
CREATE TABLE `model_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`config` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_model_version_uq` ON `model_versions` (`model_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_one_draft_uq` ON `model_versions` (`model_id`) WHERE status = 'draft';--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `score_snapshots` (
	`account_id` integer NOT NULL,
	`period` text NOT NULL,
	`run_id` text NOT NULL,
	`segment_id` text NOT NULL,
	`model_version_id` integer NOT NULL,
	`score` real,
	`tier` text,
	`computed_score` real,
	`computed_tier` text,
	`overridden` integer DEFAULT false NOT NULL,
	`coverage` real NOT NULL,
	`insufficient_data` integer NOT NULL,
	`dimensions` text NOT NULL,
	`measures` text NOT NULL,
	`improvements` text NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `period`)
);
--> statement-breakpoint
CREATE INDEX `score_snapshots_period_idx` ON `score_snapshots` (`period`,`tier`);--> statement-breakpoint
CREATE TABLE `scoring_run_failures` (
	`run_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`error` text NOT NULL,
	PRIMARY KEY(`run_id`, `account_id`)
);
--> statement-breakpoint
CREATE TABLE `scoring_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`match` text DEFAULT 'all' NOT NULL,
	`conditions` text DEFAULT '[]' NOT NULL,
	`model_id` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tier_transitions` (
	`account_id` integer NOT NULL,
	`period` text NOT NULL,
	`kind` text NOT NULL,
	`from_tier` text NOT NULL,
	`to_tier` text NOT NULL,
	`from_score` real,
	`to_score` real,
	`arr_cents` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `period`)
);
--> statement-breakpoint
CREATE INDEX `tier_transitions_period_idx` ON `tier_transitions` (`period`,`kind`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_status` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_status_idx` ON `webhook_deliveries` (`status`,`updated_at`);
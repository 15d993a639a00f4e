CREATE TABLE `scoring_backfills` (
	`id` text PRIMARY KEY NOT NULL,
	`days` text NOT NULL,
	`status` text NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`current_run_id` text,
	`requested_by` text NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
ALTER TABLE `scoring_run_batches` ADD `skipped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `scoring_runs` ADD `as_of` text;--> statement-breakpoint
ALTER TABLE `scoring_runs` ADD `backfill_id` text;
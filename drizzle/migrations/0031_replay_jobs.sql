CREATE TABLE `replay_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`from_day` text NOT NULL,
	`to_day` text NOT NULL,
	`source_id` text,
	`status` text NOT NULL,
	`phase` text NOT NULL,
	`cursor` text,
	`snapshot_id` integer,
	`live_events` integer DEFAULT 0 NOT NULL,
	`archived_events` integer DEFAULT 0 NOT NULL,
	`partitions` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`requested_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `replay_jobs_status_idx` ON `replay_jobs` (`status`,`from_day`);--> statement-breakpoint
CREATE TABLE `replay_unattributed` (
	`job_id` text NOT NULL,
	`event_id` integer NOT NULL,
	PRIMARY KEY(`job_id`, `event_id`)
);

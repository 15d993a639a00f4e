CREATE TABLE `raw_archives` (
	`source_id` text NOT NULL,
	`day` text NOT NULL,
	`object_key` text NOT NULL,
	`events` integer NOT NULL,
	`bytes` integer NOT NULL,
	`archived_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `raw_archives_day_idx` ON `raw_archives` (`day`);
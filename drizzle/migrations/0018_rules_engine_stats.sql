CREATE TABLE `measure_daily_stats` (
	`period` text NOT NULL,
	`measure_key` text NOT NULL,
	`mean` real NOT NULL,
	`pooled` real,
	`count` integer NOT NULL,
	PRIMARY KEY(`period`, `measure_key`)
);
--> statement-breakpoint
ALTER TABLE `surveys` ADD `direction` text DEFAULT 'ease' NOT NULL;
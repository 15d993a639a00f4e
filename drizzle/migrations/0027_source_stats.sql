CREATE TABLE `source_days` (
	`source_id` text NOT NULL,
	`day` text NOT NULL,
	`events` integer NOT NULL,
	`last_received_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `source_rejections` (
	`source_id` text NOT NULL,
	`day` text NOT NULL,
	`code` text NOT NULL,
	`messages` integer NOT NULL,
	`last_rejected_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `day`, `code`)
);
--> statement-breakpoint
ALTER TABLE `sources` ADD `key_sealed` text;
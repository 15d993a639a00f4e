CREATE TABLE `success_goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`title` text NOT NULL,
	`target_date` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `success_goals_account_idx` ON `success_goals` (`account_id`,`target_date`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`title` text NOT NULL,
	`owner_email` text,
	`due_date` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`alert_id` integer,
	`touchpoint_id` integer,
	`source` text NOT NULL,
	`rule_id` text,
	`created_by` text NOT NULL,
	`completed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_owner_due_idx` ON `tasks` (`owner_email`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `tasks_account_idx` ON `tasks` (`account_id`,`status`,`due_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_alert_uq` ON `tasks` (`alert_id`) WHERE source = 'alert';--> statement-breakpoint
CREATE INDEX `tasks_alert_idx` ON `tasks` (`alert_id`);--> statement-breakpoint
ALTER TABLE `alert_rules` ADD `tasks` text DEFAULT '[]' NOT NULL;
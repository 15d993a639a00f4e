CREATE TABLE `survey_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`contact_key` text DEFAULT '' NOT NULL,
	`contact_email` text,
	`contact_name` text,
	`contact_locale` text,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text
);
--> statement-breakpoint
CREATE INDEX `survey_links_contact_idx` ON `survey_links` (`survey_id`,`account_id`,`contact_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `survey_links_created_idx` ON `survey_links` (`survey_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`survey_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`contact_key` text DEFAULT '' NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`locale` text,
	`responded_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_linkId_unique` ON `survey_responses` (`link_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_survey_idx` ON `survey_responses` (`survey_id`,`responded_at`);--> statement-breakpoint
CREATE INDEX `survey_responses_account_idx` ON `survey_responses` (`account_id`,`responded_at`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`scale_min` integer NOT NULL,
	`scale_max` integer NOT NULL,
	`follow_up` integer DEFAULT true NOT NULL,
	`questions` text NOT NULL,
	`default_locale` text DEFAULT 'en' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`quiet_period_days` integer DEFAULT 90 NOT NULL,
	`link_expiry_days` integer DEFAULT 30 NOT NULL,
	`recurrence_days` integer,
	`recurrence_segment` text,
	`next_run_at` integer,
	`webhook_url` text,
	`public_origin` text,
	`last_run` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `surveys_next_run_idx` ON `surveys` (`next_run_at`);
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text,
	`body_html` text,
	`headers` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`provider` text,
	`provider_message_id` text,
	`member_email` text,
	`survey_link_id` integer,
	`next_attempt_at` integer NOT NULL,
	`last_attempt_at` integer,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_attempt_idx` ON `mail_outbox` (`last_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_link_idx` ON `mail_outbox` (`survey_link_id`);--> statement-breakpoint
CREATE TABLE `mail_suppressions` (
	`email` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`survey_link_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `member_mail_preferences` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`digest` integer DEFAULT true NOT NULL,
	`locale` text,
	`last_digest_day` text,
	`updated_at` integer NOT NULL
);

CREATE TABLE `account_days` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`events` integer NOT NULL,
	`active_users` integer NOT NULL,
	`active_ms` integer NOT NULL,
	`features_used` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `account_feature_days` (
	`account_id` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`day` text NOT NULL,
	`events` integer NOT NULL,
	`users` integer NOT NULL,
	`active_ms` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `feature_id`)
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`plan` text,
	`industry` text,
	`employees` integer,
	`seats` integer,
	`arr_cents` integer,
	`mrr_cents` integer,
	`currency` text,
	`contract_start_date` text,
	`renewal_date` text,
	`owner_email` text,
	`traits` text DEFAULT '{}' NOT NULL,
	`traits_updated_at` integer,
	`created_at` integer NOT NULL,
	`last_seen_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_externalId_unique` ON `accounts` (`external_id`);--> statement-breakpoint
CREATE INDEX `accounts_name_idx` ON `accounts` (`name`,`id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`message_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text,
	`user_id` integer,
	`anonymous_id` text,
	`account_id` integer,
	`feature_id` integer,
	`ts` integer NOT NULL,
	`day` text NOT NULL,
	`received_at` integer NOT NULL,
	`duration_ms` integer,
	`properties` text,
	`batch_token` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_source_message_uq` ON `events` (`source_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `events_account_day_idx` ON `events` (`account_id`,`day`,`feature_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `events_received_idx` ON `events` (`received_at`);--> statement-breakpoint
CREATE INDEX `events_batch_token_idx` ON `events` (`batch_token`) WHERE batch_token IS NOT NULL;--> statement-breakpoint
CREATE INDEX `events_unattributed_idx` ON `events` (`user_id`) WHERE account_id IS NULL;--> statement-breakpoint
CREATE TABLE `features` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`module` text,
	`is_core` integer DEFAULT false NOT NULL,
	`first_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `features_key_unique` ON `features` (`key`);--> statement-breakpoint
CREATE TABLE `ingest_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue_message_id` text NOT NULL,
	`source_id` text,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`error` text NOT NULL,
	`event_count` integer NOT NULL,
	`body` text NOT NULL,
	`first_failed_at` integer NOT NULL,
	`last_failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ingest_failures_queueMessageId_unique` ON `ingest_failures` (`queue_message_id`);--> statement-breakpoint
CREATE INDEX `ingest_failures_status_idx` ON `ingest_failures` (`status`,`last_failed_at`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_keyHash_unique` ON `sources` (`key_hash`);--> statement-breakpoint
CREATE TABLE `user_days` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`user_id` integer NOT NULL,
	`events` integer NOT NULL,
	`active_ms` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `user_days_user_idx` ON `user_days` (`user_id`,`day`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer,
	`linked_at` integer,
	`email` text,
	`name` text,
	`traits` text DEFAULT '{}' NOT NULL,
	`traits_updated_at` integer,
	`created_at` integer NOT NULL,
	`activated_at` integer,
	`last_seen_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_externalId_unique` ON `users` (`external_id`);--> statement-breakpoint
CREATE INDEX `users_account_idx` ON `users` (`account_id`);
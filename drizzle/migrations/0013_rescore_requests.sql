CREATE TABLE `rescore_requests` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`requested_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alerts_account_period_idx` ON `alerts` (`account_id`,`period`);
CREATE TABLE `trusted_devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`member_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trusted_devices_tokenHash_unique` ON `trusted_devices` (`token_hash`);--> statement-breakpoint
CREATE INDEX `trusted_devices_member_idx` ON `trusted_devices` (`member_id`);--> statement-breakpoint
ALTER TABLE `sign_in_failures` ADD `device` integer;--> statement-breakpoint
CREATE INDEX `sign_in_failures_device_idx` ON `sign_in_failures` (`device`,`at`);
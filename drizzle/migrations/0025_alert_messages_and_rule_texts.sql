ALTER TABLE `alert_rules` ADD `texts` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `messages` text;
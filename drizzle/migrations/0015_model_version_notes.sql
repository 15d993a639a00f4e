ALTER TABLE `model_versions` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `published_by` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `note` text;
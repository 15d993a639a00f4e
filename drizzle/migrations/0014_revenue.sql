CREATE TABLE `advocacy` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`referred_account_name` text,
	`referral_arr_minor` integer,
	`currency` text,
	`reporting_referral_arr_minor` integer,
	`note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `advocacy_externalId_unique` ON `advocacy` (`external_id`);--> statement-breakpoint
CREATE INDEX `advocacy_account_idx` ON `advocacy` (`account_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `advocacy_occurred_idx` ON `advocacy` (`occurred_on`);--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`reporting_amount_minor` integer NOT NULL,
	`interval` text NOT NULL,
	`renewal_due_date` text NOT NULL,
	`outcome` text,
	`outcome_reason` text,
	`outcome_note` text,
	`renewed_amount_minor` integer,
	`reporting_renewed_amount_minor` integer,
	`items` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_externalId_unique` ON `contracts` (`external_id`);--> statement-breakpoint
CREATE INDEX `contracts_account_idx` ON `contracts` (`account_id`,`period_start`);--> statement-breakpoint
CREATE INDEX `contracts_period_idx` ON `contracts` (`period_end`,`period_start`);--> statement-breakpoint
CREATE INDEX `contracts_due_idx` ON `contracts` (`renewal_due_date`);--> statement-breakpoint
CREATE TABLE `cs_costs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`reporting_amount_minor` integer NOT NULL,
	`category` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cs_costs_externalId_unique` ON `cs_costs` (`external_id`);--> statement-breakpoint
CREATE INDEX `cs_costs_period_idx` ON `cs_costs` (`period_start`);--> statement-breakpoint
CREATE TABLE `cs_leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`title` text NOT NULL,
	`submitted_on` text NOT NULL,
	`status` text NOT NULL,
	`assigned_on` text,
	`accepted_on` text,
	`closed_on` text,
	`won_arr_minor` integer,
	`currency` text,
	`reporting_won_arr_minor` integer,
	`crm_url` text,
	`submitted_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cs_leads_externalId_unique` ON `cs_leads` (`external_id`);--> statement-breakpoint
CREATE INDEX `cs_leads_account_idx` ON `cs_leads` (`account_id`,`submitted_on`);--> statement-breakpoint
CREATE INDEX `cs_leads_submitted_idx` ON `cs_leads` (`submitted_on`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`first_response_at` integer,
	`resolved_at` integer,
	`resolved_on_first_contact` integer,
	`channel` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_externalId_unique` ON `tickets` (`external_id`);--> statement-breakpoint
CREATE INDEX `tickets_account_idx` ON `tickets` (`account_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `tickets_opened_idx` ON `tickets` (`opened_at`);
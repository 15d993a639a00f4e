DROP INDEX `tickets_opened_idx`;--> statement-breakpoint
DROP INDEX `tickets_account_idx`;--> statement-breakpoint
CREATE INDEX `tickets_account_idx` ON `tickets` (`account_id`,`opened_at`,`first_response_at`,`resolved_on_first_contact`);--> statement-breakpoint
DROP INDEX `accounts_facts_idx`;--> statement-breakpoint
CREATE INDEX `accounts_facts_idx` ON `accounts` (`id`,`first_contract_start`,`churned_on`,`contract_start_date`);
DROP INDEX `tickets_opened_idx`;--> statement-breakpoint
DROP INDEX `tickets_account_idx`;--> statement-breakpoint
CREATE INDEX `tickets_account_idx` ON `tickets` (`account_id`,`opened_at`,`first_response_at`,`resolved_on_first_contact`);
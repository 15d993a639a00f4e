DROP INDEX `contracts_account_end_idx`;--> statement-breakpoint
DROP INDEX `contracts_account_idx`;--> statement-breakpoint
DROP INDEX `contracts_due_idx`;--> statement-breakpoint
ALTER TABLE `contracts` ADD `expansion_lines` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `premium_csm_minor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `consulting_minor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `first_contract_start` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `contract_churned_on` text;--> statement-breakpoint
CREATE INDEX `contracts_services_idx` ON `contracts` (`period_end`,`period_start`,`interval`,`account_id`,`premium_csm_minor`,`consulting_minor`) WHERE premium_csm_minor <> 0 OR consulting_minor <> 0;--> statement-breakpoint
CREATE INDEX `contracts_mrr_idx` ON `contracts` (`account_id`,`period_end`,`period_start`,`interval`,`reporting_amount_minor`,`renewal_due_date`,`outcome`,`reporting_renewed_amount_minor`);--> statement-breakpoint
CREATE INDEX `contracts_account_idx` ON `contracts` (`account_id`,`period_start`,`interval`,`period_end`,`outcome`,`reporting_amount_minor`,`expansion_lines`,`renewal_due_date`);--> statement-breakpoint
CREATE INDEX `contracts_due_idx` ON `contracts` (`renewal_due_date`,`interval`,`account_id`,`outcome`,`outcome_reason`,`reporting_amount_minor`,`reporting_renewed_amount_minor`);--> statement-breakpoint
CREATE INDEX `score_snapshots_account_segment_idx` ON `score_snapshots` (`account_id`,`period`,`segment_id`,`tier`);--> statement-breakpoint
CREATE INDEX `tickets_response_idx` ON `tickets` ((first_response_at - opened_at),`opened_at`,`account_id`) WHERE first_response_at IS NOT NULL;--> statement-breakpoint
-- Contracts written before: their line figures from their items (worker/revenue/records.ts writes them from now on).
UPDATE `contracts` SET
  `expansion_lines` = (SELECT count(*) FROM json_each(`contracts`.`items`) i
    WHERE json_extract(i.value, '$.kind') IN ('upsell', 'cross_sell', 'add_on')),
  `premium_csm_minor` = (SELECT coalesce(sum(json_extract(i.value, '$.reportingAmountMinor')), 0) FROM json_each(`contracts`.`items`) i
    WHERE json_extract(i.value, '$.kind') = 'premium_csm'),
  `consulting_minor` = (SELECT coalesce(sum(json_extract(i.value, '$.reportingAmountMinor')), 0) FROM json_each(`contracts`.`items`) i
    WHERE json_extract(i.value, '$.kind') = 'consulting')
WHERE `items` <> '[]';--> statement-breakpoint
-- Accounts with contracts written before: their contract facts (worker/revenue/account-facts-store.ts keeps them from now on).
UPDATE `accounts` SET
  `first_contract_start` = (SELECT min(c.period_start) FROM contracts c WHERE c.account_id = accounts.id),
  `contract_churned_on` = (SELECT CASE WHEN c.outcome = 'churned' THEN c.period_end END FROM contracts c
    WHERE c.account_id = accounts.id AND c.interval <> 'once' ORDER BY c.period_start DESC, c.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.account_id = accounts.id);

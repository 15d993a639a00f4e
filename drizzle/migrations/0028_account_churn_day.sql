ALTER TABLE `accounts` ADD `churned_on` text;--> statement-breakpoint
-- accounts.churned_on follows what it is derived from, whoever writes it (ingest's trait patches, contract
-- writes' facts, seeds and restores): the same expression on insert, on update of its inputs, and as backfill.
CREATE TRIGGER `accounts_churned_on_insert` AFTER INSERT ON `accounts` BEGIN
  UPDATE accounts SET churned_on = (SELECT CASE WHEN churn >= first_contract_start THEN churn END FROM (
    SELECT CASE WHEN (cc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(cc) IS NOT NULL) AND (tc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(tc) IS NOT NULL) THEN min(cc, tc) WHEN (cc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(cc) IS NOT NULL) THEN cc WHEN (tc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(tc) IS NOT NULL) THEN tc END AS churn
    FROM (SELECT contract_churned_on AS cc,
      CASE WHEN json_valid(traits) AND lower(json_extract(traits, '$.status')) = 'churned'
        THEN substr(json_extract(traits, '$.churnedAt'), 1, 10) END AS tc))) WHERE id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `accounts_churned_on_update` AFTER UPDATE OF traits, contract_churned_on, first_contract_start ON `accounts` BEGIN
  UPDATE accounts SET churned_on = (SELECT CASE WHEN churn >= first_contract_start THEN churn END FROM (
    SELECT CASE WHEN (cc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(cc) IS NOT NULL) AND (tc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(tc) IS NOT NULL) THEN min(cc, tc) WHEN (cc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(cc) IS NOT NULL) THEN cc WHEN (tc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(tc) IS NOT NULL) THEN tc END AS churn
    FROM (SELECT contract_churned_on AS cc,
      CASE WHEN json_valid(traits) AND lower(json_extract(traits, '$.status')) = 'churned'
        THEN substr(json_extract(traits, '$.churnedAt'), 1, 10) END AS tc))) WHERE id = NEW.id;
END;--> statement-breakpoint
UPDATE accounts SET churned_on = (SELECT CASE WHEN churn >= first_contract_start THEN churn END FROM (
    SELECT CASE WHEN (cc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(cc) IS NOT NULL) AND (tc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(tc) IS NOT NULL) THEN min(cc, tc) WHEN (cc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(cc) IS NOT NULL) THEN cc WHEN (tc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(tc) IS NOT NULL) THEN tc END AS churn
    FROM (SELECT contract_churned_on AS cc,
      CASE WHEN json_valid(traits) AND lower(json_extract(traits, '$.status')) = 'churned'
        THEN substr(json_extract(traits, '$.churnedAt'), 1, 10) END AS tc)));--> statement-breakpoint
CREATE INDEX `accounts_customer_idx` ON `accounts` (`first_contract_start`,`churned_on`) WHERE first_contract_start IS NOT NULL;--> statement-breakpoint
CREATE INDEX `accounts_facts_idx` ON `accounts` (`id`,`first_contract_start`,`churned_on`);--> statement-breakpoint
CREATE INDEX `contracts_start_idx` ON `contracts` (`period_start`,`account_id`,`period_end`,`interval`,`reporting_amount_minor`,`expansion_lines`);
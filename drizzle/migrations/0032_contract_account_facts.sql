DROP INDEX `contracts_start_idx`;--> statement-breakpoint
ALTER TABLE `contracts` ADD `account_first_start` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `account_churned_on` text;--> statement-breakpoint
-- contracts.account_first_start / account_churned_on copy the account's first_contract_start / churned_on (whose
-- own triggers are in 0028), whoever writes either table, in any order (restores insert tables one by one):
-- a contract takes its account's values when written or moved, an account gives them to its contracts when
-- inserted or when either value changes.
CREATE TRIGGER `contracts_account_facts_insert` AFTER INSERT ON `contracts` BEGIN
  UPDATE contracts SET (account_first_start, account_churned_on) =
    (SELECT a.first_contract_start, a.churned_on FROM accounts a WHERE a.id = NEW.account_id) WHERE id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `contracts_account_facts_move` AFTER UPDATE OF account_id ON `contracts`
  WHEN NEW.account_id IS NOT OLD.account_id BEGIN
  UPDATE contracts SET (account_first_start, account_churned_on) =
    (SELECT a.first_contract_start, a.churned_on FROM accounts a WHERE a.id = NEW.account_id) WHERE id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `accounts_contract_facts_insert` AFTER INSERT ON `accounts` BEGIN
  UPDATE contracts SET (account_first_start, account_churned_on) =
    (SELECT a.first_contract_start, a.churned_on FROM accounts a WHERE a.id = NEW.id) WHERE account_id = NEW.id;
END;--> statement-breakpoint
CREATE TRIGGER `accounts_contract_facts_update` AFTER UPDATE OF first_contract_start, churned_on ON `accounts`
  WHEN NEW.first_contract_start IS NOT OLD.first_contract_start OR NEW.churned_on IS NOT OLD.churned_on BEGIN
  UPDATE contracts SET account_first_start = NEW.first_contract_start, account_churned_on = NEW.churned_on
    WHERE account_id = NEW.id;
END;--> statement-breakpoint
-- Backfill, chunked by ranges of 100,000 contract ids (each a rowid range: no statement nears D1's per-query
-- limits whatever the table holds); the last statement takes the ids above 2,000,000.
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 0 AND `id` <= 100000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 100000 AND `id` <= 200000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 200000 AND `id` <= 300000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 300000 AND `id` <= 400000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 400000 AND `id` <= 500000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 500000 AND `id` <= 600000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 600000 AND `id` <= 700000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 700000 AND `id` <= 800000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 800000 AND `id` <= 900000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 900000 AND `id` <= 1000000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1000000 AND `id` <= 1100000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1100000 AND `id` <= 1200000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1200000 AND `id` <= 1300000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1300000 AND `id` <= 1400000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1400000 AND `id` <= 1500000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1500000 AND `id` <= 1600000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1600000 AND `id` <= 1700000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1700000 AND `id` <= 1800000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1800000 AND `id` <= 1900000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 1900000 AND `id` <= 2000000;--> statement-breakpoint
UPDATE `contracts` SET (`account_first_start`, `account_churned_on`) =
  (SELECT a.`first_contract_start`, a.`churned_on` FROM `accounts` a WHERE a.`id` = `contracts`.`account_id`)
  WHERE `id` > 2000000;--> statement-breakpoint
CREATE INDEX `contracts_start_idx` ON `contracts` (`period_start`,`period_end`,`interval`,`account_id`,`reporting_amount_minor`,`expansion_lines`,`account_first_start`,`account_churned_on`);
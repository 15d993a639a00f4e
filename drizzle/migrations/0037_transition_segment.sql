ALTER TABLE `tier_transitions` ADD `segment_id` text;--> statement-breakpoint
-- Backfill from each change's snapshot (a primary-key seek), chunked by ranges of 100,000 row ids (no
-- statement nears D1's per-query limits whatever the table holds); the last statement takes those above
-- 2,000,000. A change without a snapshot keeps NULL (readers then seek, and find none).
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 0 AND rowid <= 100000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 100000 AND rowid <= 200000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 200000 AND rowid <= 300000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 300000 AND rowid <= 400000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 400000 AND rowid <= 500000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 500000 AND rowid <= 600000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 600000 AND rowid <= 700000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 700000 AND rowid <= 800000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 800000 AND rowid <= 900000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 900000 AND rowid <= 1000000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1000000 AND rowid <= 1100000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1100000 AND rowid <= 1200000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1200000 AND rowid <= 1300000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1300000 AND rowid <= 1400000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1400000 AND rowid <= 1500000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1500000 AND rowid <= 1600000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1600000 AND rowid <= 1700000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1700000 AND rowid <= 1800000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1800000 AND rowid <= 1900000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 1900000 AND rowid <= 2000000;--> statement-breakpoint
UPDATE `tier_transitions` SET `segment_id` = (SELECT s.`segment_id` FROM `score_snapshots` s
  WHERE s.`period` = `tier_transitions`.`period` AND s.`account_id` = `tier_transitions`.`account_id`)
  WHERE rowid > 2000000;

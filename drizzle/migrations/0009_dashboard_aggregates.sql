CREATE TABLE `dashboard_aggregates` (
	`kind` text NOT NULL,
	`scope` text NOT NULL,
	`period` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `scope`, `period`)
);
--> statement-breakpoint
-- Hand-written: the aggregates earlier runs stored as prefixed rows of `settings` (tier counts, the latest
-- rollup) and `measure_benchmarks` (dimension means, scope 'dim:<segment>') move to the new table.
INSERT OR IGNORE INTO `dashboard_aggregates` (`kind`, `scope`, `period`, `value`, `updated_at`)
SELECT 'tier-counts', '', substr(`key`, 13), `value`, `updated_at` FROM `settings`
WHERE substr(`key`, 1, 12) = 'tier-counts:';
--> statement-breakpoint
-- `owner-tier-counts:<owner>|<YYYY-MM-DD>`: the owner is what lies between the prefix and the last 11 characters.
INSERT OR IGNORE INTO `dashboard_aggregates` (`kind`, `scope`, `period`, `value`, `updated_at`)
SELECT 'owner-tier-counts', substr(`key`, 19, length(`key`) - 29), substr(`key`, -10), `value`, `updated_at` FROM `settings`
WHERE substr(`key`, 1, 18) = 'owner-tier-counts:' AND length(`key`) > 29;
--> statement-breakpoint
INSERT OR IGNORE INTO `dashboard_aggregates` (`kind`, `scope`, `period`, `value`, `updated_at`)
SELECT 'latest-rollup', '', '', `value`, `updated_at` FROM `settings` WHERE `key` = 'dashboard:latest';
--> statement-breakpoint
INSERT OR IGNORE INTO `dashboard_aggregates` (`kind`, `scope`, `period`, `value`, `updated_at`)
SELECT 'dimension-means', substr(`scope`, 5), `period`, json_group_array(json_array(`measure_key`, `mean`, `count`)),
  CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
FROM `measure_benchmarks` WHERE substr(`scope`, 1, 4) = 'dim:'
GROUP BY `scope`, `period`;
--> statement-breakpoint
DELETE FROM `settings`
WHERE substr(`key`, 1, 12) = 'tier-counts:' OR substr(`key`, 1, 18) = 'owner-tier-counts:' OR `key` = 'dashboard:latest';
--> statement-breakpoint
DELETE FROM `measure_benchmarks` WHERE substr(`scope`, 1, 4) = 'dim:';

CREATE TABLE `feature_day_users` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`feature_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `feature_id`, `user_id`)
);
--> statement-breakpoint
-- Backfill (added by hand) from the retained raw events, before the index that covers it is dropped;
-- days already purged keep their stored counts. Chunked: a migration file is plain SQL (no loop, no place
-- to resume from), so the backfill is a fixed list of statements, each a seek of events_account_day_idx
-- (account_id, day, feature_id, user_id) over one range of 5,000 account ids: each reads only its accounts'
-- events, in index order (no sort), whatever the table holds, so no statement nears D1's per-query limits.
-- Ranges past the last account are one empty seek each; the last statement takes the ids above 200,000.
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` <= 5000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 5000 AND `account_id` <= 10000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 10000 AND `account_id` <= 15000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 15000 AND `account_id` <= 20000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 20000 AND `account_id` <= 25000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 25000 AND `account_id` <= 30000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 30000 AND `account_id` <= 35000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 35000 AND `account_id` <= 40000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 40000 AND `account_id` <= 45000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 45000 AND `account_id` <= 50000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 50000 AND `account_id` <= 55000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 55000 AND `account_id` <= 60000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 60000 AND `account_id` <= 65000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 65000 AND `account_id` <= 70000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 70000 AND `account_id` <= 75000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 75000 AND `account_id` <= 80000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 80000 AND `account_id` <= 85000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 85000 AND `account_id` <= 90000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 90000 AND `account_id` <= 95000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 95000 AND `account_id` <= 100000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 100000 AND `account_id` <= 105000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 105000 AND `account_id` <= 110000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 110000 AND `account_id` <= 115000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 115000 AND `account_id` <= 120000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 120000 AND `account_id` <= 125000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 125000 AND `account_id` <= 130000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 130000 AND `account_id` <= 135000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 135000 AND `account_id` <= 140000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 140000 AND `account_id` <= 145000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 145000 AND `account_id` <= 150000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 150000 AND `account_id` <= 155000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 155000 AND `account_id` <= 160000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 160000 AND `account_id` <= 165000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 165000 AND `account_id` <= 170000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 170000 AND `account_id` <= 175000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 175000 AND `account_id` <= 180000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 180000 AND `account_id` <= 185000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 185000 AND `account_id` <= 190000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 190000 AND `account_id` <= 195000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 195000 AND `account_id` <= 200000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` > 200000 AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP INDEX `events_account_day_idx`;
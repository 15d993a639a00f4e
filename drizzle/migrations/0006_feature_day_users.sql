CREATE TABLE `feature_day_users` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`feature_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `feature_id`, `user_id`)
);
--> statement-breakpoint
-- Backfill (added by hand) from the retained raw events, before the index that covers it is dropped;
-- days already purged keep their stored counts.
INSERT INTO `feature_day_users` (`account_id`, `day`, `feature_id`, `user_id`)
SELECT DISTINCT `account_id`, `day`, `feature_id`, `user_id` FROM `events`
WHERE `account_id` IS NOT NULL AND `feature_id` IS NOT NULL AND `user_id` IS NOT NULL
  AND `type` IN ('track','page','screen')
ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP INDEX `events_account_day_idx`;
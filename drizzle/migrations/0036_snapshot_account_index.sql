-- The account index keeps only its key (account_id, period): segment, tier and score in every history row's
-- entry cost ~23 bytes an account-day, and the readers that needed them from here for every account now
-- read latest_snapshots (0035) or seek the primary key (period, account_id). Built before the old one goes,
-- so account seeks always have an index.
CREATE INDEX `score_snapshots_account_idx` ON `score_snapshots` (`account_id`,`period`);--> statement-breakpoint
DROP INDEX `score_snapshots_account_segment_idx`;

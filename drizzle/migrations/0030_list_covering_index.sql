DROP INDEX `score_snapshots_account_segment_idx`;--> statement-breakpoint
CREATE INDEX `score_snapshots_account_segment_idx` ON `score_snapshots` (`account_id`,`period`,`segment_id`,`tier`,`score`);
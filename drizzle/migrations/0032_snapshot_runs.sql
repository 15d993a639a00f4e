CREATE TABLE `snapshot_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snapshot_runs_runId_unique` ON `snapshot_runs` (`run_id`);--> statement-breakpoint
-- Added by hand: the history compaction job (worker/scoring/compaction-store.ts) starts over from the first
-- row, so the rows compacted before run references existed get theirs (36 bytes less each).
DELETE FROM `settings` WHERE `key` = 'jobs.snapshotCompaction';

CREATE TABLE `snapshot_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snapshot_runs_runId_unique` ON `snapshot_runs` (`run_id`);--> statement-breakpoint
-- Added by hand: the history compaction job (worker/scoring/compaction-store.ts) starts over from the first
-- row, so the rows compacted before run references existed get theirs (36 bytes less each).
DELETE FROM `settings` WHERE `key` = 'jobs.snapshotCompaction';
--> statement-breakpoint
-- score_snapshots keyed (period, account_id) instead of (account_id, period): the key's B-tree is then also the
-- period index, so score_snapshots_period_idx (period, tier) goes, ~33 bytes a row (issue 17: history bytes per
-- account-day); an account's rows are found by score_snapshots_account_segment_idx (account_id, period, …).
-- SQLite cannot change a primary key in place: the table is rebuilt (drizzle-kit's copy, edited by hand).
-- No trigger or foreign key involves score_snapshots (drizzle-kit's PRAGMA foreign_keys lines are left out:
-- D1 runs a migration in a transaction, where that pragma does nothing).
CREATE TABLE `__new_score_snapshots` (
	`account_id` integer NOT NULL,
	`period` text NOT NULL,
	`run_id` text NOT NULL,
	`segment_id` text NOT NULL,
	`model_version_id` integer NOT NULL,
	`score` real,
	`tier` text,
	`computed_score` real,
	`computed_tier` text,
	`overridden` integer DEFAULT false NOT NULL,
	`coverage` real NOT NULL,
	`insufficient_data` integer NOT NULL,
	`dimensions` text NOT NULL,
	`measures` text NOT NULL,
	`improvements` text NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`period`, `account_id`)
);
--> statement-breakpoint
-- The copy, chunked (a migration file is plain SQL: no loop, no place to resume from): a fixed list of
-- statements, each a seek of the old primary key (account_id, period) over one range of 2,000 account ids,
-- reading its rows in key order (no sort); ranges past the last account are one empty seek each, and the
-- last statement takes the ids above 200,000. So no statement copies more than 2,000 accounts' history.
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" <= 2000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 2000 AND "account_id" <= 4000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 4000 AND "account_id" <= 6000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 6000 AND "account_id" <= 8000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 8000 AND "account_id" <= 10000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 10000 AND "account_id" <= 12000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 12000 AND "account_id" <= 14000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 14000 AND "account_id" <= 16000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 16000 AND "account_id" <= 18000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 18000 AND "account_id" <= 20000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 20000 AND "account_id" <= 22000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 22000 AND "account_id" <= 24000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 24000 AND "account_id" <= 26000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 26000 AND "account_id" <= 28000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 28000 AND "account_id" <= 30000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 30000 AND "account_id" <= 32000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 32000 AND "account_id" <= 34000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 34000 AND "account_id" <= 36000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 36000 AND "account_id" <= 38000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 38000 AND "account_id" <= 40000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 40000 AND "account_id" <= 42000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 42000 AND "account_id" <= 44000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 44000 AND "account_id" <= 46000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 46000 AND "account_id" <= 48000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 48000 AND "account_id" <= 50000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 50000 AND "account_id" <= 52000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 52000 AND "account_id" <= 54000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 54000 AND "account_id" <= 56000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 56000 AND "account_id" <= 58000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 58000 AND "account_id" <= 60000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 60000 AND "account_id" <= 62000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 62000 AND "account_id" <= 64000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 64000 AND "account_id" <= 66000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 66000 AND "account_id" <= 68000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 68000 AND "account_id" <= 70000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 70000 AND "account_id" <= 72000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 72000 AND "account_id" <= 74000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 74000 AND "account_id" <= 76000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 76000 AND "account_id" <= 78000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 78000 AND "account_id" <= 80000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 80000 AND "account_id" <= 82000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 82000 AND "account_id" <= 84000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 84000 AND "account_id" <= 86000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 86000 AND "account_id" <= 88000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 88000 AND "account_id" <= 90000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 90000 AND "account_id" <= 92000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 92000 AND "account_id" <= 94000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 94000 AND "account_id" <= 96000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 96000 AND "account_id" <= 98000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 98000 AND "account_id" <= 100000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 100000 AND "account_id" <= 102000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 102000 AND "account_id" <= 104000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 104000 AND "account_id" <= 106000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 106000 AND "account_id" <= 108000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 108000 AND "account_id" <= 110000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 110000 AND "account_id" <= 112000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 112000 AND "account_id" <= 114000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 114000 AND "account_id" <= 116000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 116000 AND "account_id" <= 118000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 118000 AND "account_id" <= 120000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 120000 AND "account_id" <= 122000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 122000 AND "account_id" <= 124000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 124000 AND "account_id" <= 126000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 126000 AND "account_id" <= 128000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 128000 AND "account_id" <= 130000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 130000 AND "account_id" <= 132000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 132000 AND "account_id" <= 134000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 134000 AND "account_id" <= 136000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 136000 AND "account_id" <= 138000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 138000 AND "account_id" <= 140000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 140000 AND "account_id" <= 142000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 142000 AND "account_id" <= 144000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 144000 AND "account_id" <= 146000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 146000 AND "account_id" <= 148000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 148000 AND "account_id" <= 150000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 150000 AND "account_id" <= 152000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 152000 AND "account_id" <= 154000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 154000 AND "account_id" <= 156000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 156000 AND "account_id" <= 158000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 158000 AND "account_id" <= 160000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 160000 AND "account_id" <= 162000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 162000 AND "account_id" <= 164000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 164000 AND "account_id" <= 166000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 166000 AND "account_id" <= 168000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 168000 AND "account_id" <= 170000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 170000 AND "account_id" <= 172000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 172000 AND "account_id" <= 174000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 174000 AND "account_id" <= 176000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 176000 AND "account_id" <= 178000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 178000 AND "account_id" <= 180000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 180000 AND "account_id" <= 182000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 182000 AND "account_id" <= 184000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 184000 AND "account_id" <= 186000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 186000 AND "account_id" <= 188000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 188000 AND "account_id" <= 190000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 190000 AND "account_id" <= 192000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 192000 AND "account_id" <= 194000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 194000 AND "account_id" <= 196000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 196000 AND "account_id" <= 198000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 198000 AND "account_id" <= 200000
ORDER BY "account_id", "period";--> statement-breakpoint
INSERT INTO `__new_score_snapshots`("account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at")
SELECT "account_id", "period", "run_id", "segment_id", "model_version_id", "score", "tier", "computed_score", "computed_tier", "overridden", "coverage", "insufficient_data", "dimensions", "measures", "improvements", "computed_at" FROM `score_snapshots`
WHERE "account_id" > 200000
ORDER BY "account_id", "period";--> statement-breakpoint
DROP TABLE `score_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_score_snapshots` RENAME TO `score_snapshots`;--> statement-breakpoint
CREATE INDEX `score_snapshots_account_segment_idx` ON `score_snapshots` (`account_id`,`period`,`segment_id`,`tier`,`score`);

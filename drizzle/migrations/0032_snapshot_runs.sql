CREATE TABLE `snapshot_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snapshot_runs_runId_unique` ON `snapshot_runs` (`run_id`);
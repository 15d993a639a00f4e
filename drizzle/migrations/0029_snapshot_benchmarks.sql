CREATE TABLE `snapshot_benchmarks` (
	`run_id` text NOT NULL,
	`segment_id` text NOT NULL,
	`model_version_id` integer NOT NULL,
	`benchmarks` text NOT NULL,
	PRIMARY KEY(`run_id`, `segment_id`, `model_version_id`)
);

CREATE TABLE `scoring_run_batches` (
	`run_id` text NOT NULL,
	`first_account_id` integer NOT NULL,
	`scored` integer NOT NULL,
	`failed` integer NOT NULL,
	PRIMARY KEY(`run_id`, `first_account_id`)
);

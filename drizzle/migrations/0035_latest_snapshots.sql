CREATE TABLE `latest_snapshots` (
	`account_id` integer PRIMARY KEY NOT NULL,
	`period` text NOT NULL,
	`segment_id` text NOT NULL,
	`tier` text,
	`score` real,
	`change1` real,
	`change7` real,
	`change30` real
);
--> statement-breakpoint
CREATE INDEX `latest_snapshots_score_idx` ON `latest_snapshots` (`score`,`tier`,`segment_id`);--> statement-breakpoint
CREATE INDEX `latest_snapshots_change1_idx` ON `latest_snapshots` (`change1`,`tier`,`segment_id`);--> statement-breakpoint
CREATE INDEX `latest_snapshots_change7_idx` ON `latest_snapshots` (`change7`,`tier`,`segment_id`);--> statement-breakpoint
CREATE INDEX `latest_snapshots_change30_idx` ON `latest_snapshots` (`change30`,`tier`,`segment_id`);--> statement-breakpoint
-- latest_snapshots follows score_snapshots whoever writes it (scoring and asOf runs, rescores, overrides,
-- compaction's REPLACE, the demo's deletes, restores): a write of a row no older than 30 days before the
-- account's latest (the widest change window) recomputes the account's row — its latest snapshot and the
-- baselines of its changes, as changeBaselineOn (worker/scoring/snapshots-store.ts) tells them. Then the backfill.
CREATE TRIGGER `score_snapshots_latest_insert` AFTER INSERT ON `score_snapshots` WHEN NEW.period >= coalesce((SELECT date(l.period, '-30 days') FROM latest_snapshots l WHERE l.account_id = NEW.account_id), '') BEGIN
  DELETE FROM latest_snapshots WHERE account_id = NEW.account_id;
  INSERT INTO latest_snapshots (account_id, period, segment_id, tier, score, change1, change7, change30)
  SELECT s.account_id, s.period, s.segment_id, s.tier, s.score,
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-1 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-7 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-30 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1)
  FROM score_snapshots s WHERE s.account_id = NEW.account_id ORDER BY s.period DESC LIMIT 1;
END;--> statement-breakpoint
CREATE TRIGGER `score_snapshots_latest_update` AFTER UPDATE OF account_id, period, segment_id, tier, score ON `score_snapshots`
  WHEN NEW.period >= coalesce((SELECT date(l.period, '-30 days') FROM latest_snapshots l WHERE l.account_id = NEW.account_id), '') OR OLD.period >= coalesce((SELECT date(l.period, '-30 days') FROM latest_snapshots l WHERE l.account_id = OLD.account_id), '') BEGIN
  DELETE FROM latest_snapshots WHERE account_id = OLD.account_id;
  INSERT INTO latest_snapshots (account_id, period, segment_id, tier, score, change1, change7, change30)
  SELECT s.account_id, s.period, s.segment_id, s.tier, s.score,
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-1 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-7 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-30 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1)
  FROM score_snapshots s WHERE s.account_id = OLD.account_id ORDER BY s.period DESC LIMIT 1;
  DELETE FROM latest_snapshots WHERE account_id = NEW.account_id AND NEW.account_id IS NOT OLD.account_id;
  INSERT INTO latest_snapshots (account_id, period, segment_id, tier, score, change1, change7, change30)
  SELECT s.account_id, s.period, s.segment_id, s.tier, s.score,
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-1 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-7 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-30 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1)
  FROM score_snapshots s WHERE s.account_id = NEW.account_id AND NEW.account_id IS NOT OLD.account_id ORDER BY s.period DESC LIMIT 1;
END;--> statement-breakpoint
CREATE TRIGGER `score_snapshots_latest_delete` AFTER DELETE ON `score_snapshots` WHEN OLD.period >= coalesce((SELECT date(l.period, '-30 days') FROM latest_snapshots l WHERE l.account_id = OLD.account_id), '') BEGIN
  DELETE FROM latest_snapshots WHERE account_id = OLD.account_id;
  INSERT INTO latest_snapshots (account_id, period, segment_id, tier, score, change1, change7, change30)
  SELECT s.account_id, s.period, s.segment_id, s.tier, s.score,
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-1 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-7 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-30 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1)
  FROM score_snapshots s WHERE s.account_id = OLD.account_id ORDER BY s.period DESC LIMIT 1;
END;--> statement-breakpoint
INSERT INTO latest_snapshots (account_id, period, segment_id, tier, score, change1, change7, change30)
SELECT s.account_id, s.period, s.segment_id, s.tier, s.score,
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-1 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-7 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1),
    round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = s.account_id AND y.period >= date(s.period, '-30 days') AND y.period < s.period ORDER BY y.period LIMIT 1), 1)
FROM (SELECT account_id, max(period) AS period FROM score_snapshots GROUP BY account_id) m
JOIN score_snapshots s ON s.account_id = m.account_id AND s.period = m.period;
--> statement-breakpoint
CREATE INDEX `accounts_owner_idx` ON `accounts` (lower("owner_email"));--> statement-breakpoint
CREATE INDEX `contracts_latest_idx` ON `contracts` (`account_id`,`period_start`,`id`,`interval`,`period_end`,`renewal_due_date`,`outcome`);
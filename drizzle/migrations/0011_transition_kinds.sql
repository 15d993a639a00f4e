-- Hand-written, data only: tier changes recorded before wins and saves were named as the CS literature names
-- them (win = yellow → green; save = red → green-yellow or yellow; shared/health/tiers.ts). Earlier runs
-- called green-yellow → green a win and red → green a save; with the default tier keys both become
-- improvements, so the dashboard does not count them. Changes of models with tier keys of their own stay as
-- recorded.
UPDATE `tier_transitions` SET `kind` = 'improve'
WHERE `kind` = 'win' AND `from_tier` = 'green-yellow' AND `to_tier` = 'green';
--> statement-breakpoint
UPDATE `tier_transitions` SET `kind` = 'improve'
WHERE `kind` = 'save' AND `from_tier` = 'red' AND `to_tier` = 'green';

-- Hand-written, data only (issue 15), generated once from shared/alerts' DEFAULT_ALERT_RULES: the default rule
-- "champion quiet" (a key person of the account has not used the product for 21 days), added once on every install
-- and audited as the system's. An install whose admin already made a rule with this id keeps theirs.
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'system:migration 0022', 'alert_rule.update', 'alert_rule', 'champion-quiet', '{"id":"champion-quiet","kind":"champion_quiet","name":"Champion quiet for 21 days","severity":"warning","enabled":true,"params":{"days":21},"playbook":"A champion who stops using the product often stops arguing for it too.\n1. Check whether they changed role, went on leave or handed the work to someone else.\n2. Reach out personally (not a newsletter): ask how the work the product supports is going.\n3. If someone else took over, meet them, re-confirm goals and mark them on the People section.\n4. Log what you learnt as a touchpoint and check their activity again in two weeks.","reason":"new default rule (issue 15)"}'
WHERE NOT EXISTS (SELECT 1 FROM `alert_rules` WHERE `id` = 'champion-quiet');
--> statement-breakpoint
INSERT OR IGNORE INTO `alert_rules` (`id`, `kind`, `name`, `params`, `severity`, `playbook`, `enabled`, `created_at`, `updated_at`)
VALUES ('champion-quiet', 'champion_quiet', 'Champion quiet for 21 days', '{"days":21}', 'warning', 'A champion who stops using the product often stops arguing for it too.
1. Check whether they changed role, went on leave or handed the work to someone else.
2. Reach out personally (not a newsletter): ask how the work the product supports is going.
3. If someone else took over, meet them, re-confirm goals and mark them on the People section.
4. Log what you learnt as a touchpoint and check their activity again in two weeks.', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- Hand-written, data only (issue 14), generated once from shared/alerts' DEFAULT_ALERT_RULES:
-- 1. The two new default rules (benchmark customer, usage below its own average) for installs that predate them
--    (0008 seeds them on a fresh install), each added once and audited as the system's.
-- 2. Default rules an admin never changed take their new default: the segment-average rule counts weeks rather
--    than daily runs, and NPS passives and promoters get their follow-up playbook without an alert (their rule's
--    params now say raiseAlert: false, which is also what a stored '{}' parses to). Edited rules are left alone.
-- 3. The platform statistics of the last 400 scored days, so weekly and monthly platform comparisons work at once.
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'system:migration 0019', 'alert_rule.update', 'alert_rule', 'benchmark-customer', '{"id":"benchmark-customer","kind":"above_average","name":"Active seats 1.5× the platform rate for 3 months","severity":"info","enabled":true,"params":{"measureKey":"activeSeats","compareWith":"platform-pooled","by":"ratio","ratio":1.5,"periods":3,"periodLength":"month"},"playbook":"This customer uses the product far more than its peers: a candidate for a case study, a reference and referrals.\n1. Find out what they do differently (teams, features, routines) and write it down as a practice for similar accounts.\n2. Interview the sponsor and the day-to-day owner about the results they get, and ask for figures you may quote.\n3. With the account executive, ask whether they would join a case study, take a reference call or speak at a customer event.\n4. Share their practices (anonymised unless they agree) with accounts of the same segment that use the product less.","reason":"new default rule (issue 14)"}'
WHERE NOT EXISTS (SELECT 1 FROM `alert_rules` WHERE `id` = 'benchmark-customer');
--> statement-breakpoint
INSERT OR IGNORE INTO `alert_rules` (`id`, `kind`, `name`, `params`, `severity`, `playbook`, `enabled`, `created_at`, `updated_at`)
VALUES ('benchmark-customer', 'above_average', 'Active seats 1.5× the platform rate for 3 months', '{"measureKey":"activeSeats","compareWith":"platform-pooled","by":"ratio","ratio":1.5,"periods":3,"periodLength":"month"}', 'info', 'This customer uses the product far more than its peers: a candidate for a case study, a reference and referrals.
1. Find out what they do differently (teams, features, routines) and write it down as a practice for similar accounts.
2. Interview the sponsor and the day-to-day owner about the results they get, and ask for figures you may quote.
3. With the account executive, ask whether they would join a case study, take a reference call or speak at a customer event.
4. Share their practices (anonymised unless they agree) with accounts of the same segment that use the product less.', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'system:migration 0019', 'alert_rule.update', 'alert_rule', 'usage-below-own-average', '{"id":"usage-below-own-average","kind":"below_own_average","name":"Active seats under 70 % of their own 4-week average for 2 weeks","severity":"warning","enabled":true,"params":{"measureKey":"activeSeats","ratio":0.7,"baselinePeriods":4,"periods":2,"periodLength":"week"},"playbook":"Usage fell well below this account''s own usual level: something changed on their side.\n1. Compare the weeks before and after the fall: which teams, users or features stopped?\n2. Look for a cause around that date: a release or outage of ours, a reorganisation, a holiday, a champion who left.\n3. Tell the champion what you see, ask what changed and offer help to restart the work that stopped.\n4. Log the cause on the account and check in two weeks that usage came back.","reason":"new default rule (issue 14)"}'
WHERE NOT EXISTS (SELECT 1 FROM `alert_rules` WHERE `id` = 'usage-below-own-average');
--> statement-breakpoint
INSERT OR IGNORE INTO `alert_rules` (`id`, `kind`, `name`, `params`, `severity`, `playbook`, `enabled`, `created_at`, `updated_at`)
VALUES ('usage-below-own-average', 'below_own_average', 'Active seats under 70 % of their own 4-week average for 2 weeks', '{"measureKey":"activeSeats","ratio":0.7,"baselinePeriods":4,"periods":2,"periodLength":"week"}', 'warning', 'Usage fell well below this account''s own usual level: something changed on their side.
1. Compare the weeks before and after the fall: which teams, users or features stopped?
2. Look for a cause around that date: a release or outage of ours, a reorganisation, a holiday, a champion who left.
3. Tell the champion what you see, ask what changed and offer help to restart the work that stopped.
4. Log the cause on the account and check in two weeks that usage came back.', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'system:migration 0019', 'alert_rule.update', 'alert_rule', 'engagement-below-segment', '{"id":"engagement-below-segment","kind":"below_segment_average","name":"Stickiness under 75 % of the segment average for 4 weeks","severity":"info","enabled":true,"params":{"measureKey":"stickiness","periods":4,"ratio":0.75,"periodLength":"week","compareWith":"segment"},"playbook":"Users come back less often than at similar customers: the product is not part of their daily work.\n1. Look at which core features similar accounts use that this one does not.\n2. Send the champion one or two concrete use cases from peers in their segment.\n3. Propose an enablement session for the power users and ask them to train their teams.","reason":"default rule counts weeks, not daily runs (issue 14)"}'
WHERE EXISTS (SELECT 1 FROM `alert_rules` WHERE `id` = 'engagement-below-segment' AND `name` = 'Stickiness under 75 % of the segment average for 4 periods' AND `params` = '{"measureKey":"stickiness","periods":4,"ratio":0.75}' AND `playbook` = 'Users come back less often than at similar customers: the product is not part of their daily work.
1. Look at which core features similar accounts use that this one does not.
2. Send the champion one or two concrete use cases from peers in their segment.
3. Propose an enablement session for the power users and ask them to train their teams.' AND `severity` = 'info');
--> statement-breakpoint
UPDATE `alert_rules` SET `name` = 'Stickiness under 75 % of the segment average for 4 weeks', `params` = '{"measureKey":"stickiness","periods":4,"ratio":0.75,"periodLength":"week","compareWith":"segment"}', `playbook` = 'Users come back less often than at similar customers: the product is not part of their daily work.
1. Look at which core features similar accounts use that this one does not.
2. Send the champion one or two concrete use cases from peers in their segment.
3. Propose an enablement session for the power users and ask them to train their teams.', `updated_at` = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
WHERE `id` = 'engagement-below-segment' AND `name` = 'Stickiness under 75 % of the segment average for 4 periods' AND `params` = '{"measureKey":"stickiness","periods":4,"ratio":0.75}' AND `playbook` = 'Users come back less often than at similar customers: the product is not part of their daily work.
1. Look at which core features similar accounts use that this one does not.
2. Send the champion one or two concrete use cases from peers in their segment.
3. Propose an enablement session for the power users and ask them to train their teams.' AND `severity` = 'info';
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'system:migration 0019', 'alert_rule.update', 'alert_rule', 'nps-passive', '{"id":"nps-passive","kind":"nps_passive","name":"NPS passive (7–8): ask for feedback","severity":"info","enabled":true,"params":{"raiseAlert":false},"playbook":"Passives are satisfied but not enthusiastic, and easy to lose to a competitor.\n1. Thank them and ask one question: what is the one thing that would make us a 10 for you?\n2. Log the feedback on the account and share it with the product team.\n3. Deepen their use: show them a feature or practice that fits their goals and that they do not use yet.","reason":"passive answers get the follow-up playbook without an alert by default (issue 14)"}'
WHERE EXISTS (SELECT 1 FROM `alert_rules` WHERE `id` = 'nps-passive' AND `name` = 'NPS passive (7–8)' AND `params` = '{}' AND `playbook` = 'Passives are satisfied but not enthusiastic, and easy to lose to a competitor.
1. Thank them and ask one question: what is the one thing that would make us a 10 for you?
2. Point them to a feature or roadmap item that addresses it, if there is one.
3. Log the feedback on the account and share it with the product team.' AND `severity` = 'info');
--> statement-breakpoint
UPDATE `alert_rules` SET `name` = 'NPS passive (7–8): ask for feedback', `params` = '{"raiseAlert":false}', `playbook` = 'Passives are satisfied but not enthusiastic, and easy to lose to a competitor.
1. Thank them and ask one question: what is the one thing that would make us a 10 for you?
2. Log the feedback on the account and share it with the product team.
3. Deepen their use: show them a feature or practice that fits their goals and that they do not use yet.', `updated_at` = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
WHERE `id` = 'nps-passive' AND `name` = 'NPS passive (7–8)' AND `params` = '{}' AND `playbook` = 'Passives are satisfied but not enthusiastic, and easy to lose to a competitor.
1. Thank them and ask one question: what is the one thing that would make us a 10 for you?
2. Point them to a feature or roadmap item that addresses it, if there is one.
3. Log the feedback on the account and share it with the product team.' AND `severity` = 'info';
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'system:migration 0019', 'alert_rule.update', 'alert_rule', 'nps-promoter', '{"id":"nps-promoter","kind":"nps_promoter","name":"NPS promoter (9–10): referral or upsell opportunity","severity":"info","enabled":true,"params":{"raiseAlert":false},"playbook":"Promoters are the best source of referrals, case studies and expansion.\n1. Thank them within a week, mentioning their comment if they left one.\n2. Ask whether they would refer a peer, join a case study or write a review.\n3. With the account executive, look for expansion: more seats, another team or a higher plan.","reason":"promoter answers get the follow-up playbook without an alert by default (issue 14)"}'
WHERE EXISTS (SELECT 1 FROM `alert_rules` WHERE `id` = 'nps-promoter' AND `name` = 'NPS promoter (9–10)' AND `params` = '{}' AND `playbook` = 'Promoters are the best source of referrals, case studies and expansion.
1. Thank them within a week, mentioning their comment if they left one.
2. Ask whether they would refer a peer, join a case study or write a review.
3. With the account executive, look for expansion: more seats, another team or a higher plan.' AND `severity` = 'info');
--> statement-breakpoint
UPDATE `alert_rules` SET `name` = 'NPS promoter (9–10): referral or upsell opportunity', `params` = '{"raiseAlert":false}', `playbook` = 'Promoters are the best source of referrals, case studies and expansion.
1. Thank them within a week, mentioning their comment if they left one.
2. Ask whether they would refer a peer, join a case study or write a review.
3. With the account executive, look for expansion: more seats, another team or a higher plan.', `updated_at` = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
WHERE `id` = 'nps-promoter' AND `name` = 'NPS promoter (9–10)' AND `params` = '{}' AND `playbook` = 'Promoters are the best source of referrals, case studies and expansion.
1. Thank them within a week, mentioning their comment if they left one.
2. Ask whether they would refer a peer, join a case study or write a review.
3. With the account executive, look for expansion: more seats, another team or a higher plan.' AND `severity` = 'info';
--> statement-breakpoint
INSERT OR IGNORE INTO `measure_daily_stats` (`period`, `measure_key`, `mean`, `pooled`, `count`)
SELECT s.`period`, json_extract(m.value, '$.key'), avg(json_extract(m.value, '$.raw')),
  sum(CASE WHEN a.`seats` > 0 THEN json_extract(m.value, '$.raw') * 1.0 * a.`seats` END) / sum(CASE WHEN a.`seats` > 0 THEN a.`seats` END),
  count(json_extract(m.value, '$.raw'))
FROM `score_snapshots` s JOIN `accounts` a ON a.`id` = s.`account_id`, json_each(s.`measures`) m
WHERE s.`period` >= date('now', '-400 days') AND json_extract(m.value, '$.raw') IS NOT NULL
GROUP BY 1, 2;

-- Who published each version before the columns existed: the audit log has said so since the first publish.
UPDATE `model_versions` SET `published_by` = (
  SELECT a.`actor` FROM `audit_log` a
  WHERE a.`entity` = 'model' AND a.`entity_id` = `model_versions`.`model_id` AND a.`action` = 'model.publish'
    AND json_valid(a.`details`) AND json_extract(a.`details`, '$.version') = `model_versions`.`version`
  ORDER BY a.`at` DESC LIMIT 1
) WHERE `published_by` IS NULL AND `published_at` IS NOT NULL;
--> statement-breakpoint
-- Versions a migration wrote (the default model) were also created by it.
UPDATE `model_versions` SET `created_by` = `published_by`
WHERE `created_by` IS NULL AND `published_by` LIKE 'system:%';
--> statement-breakpoint
-- The default model's first version was seeded by migration 0008, before publishing was audited.
UPDATE `model_versions` SET `created_by` = coalesce(`created_by`, 'system:migration 0008'),
  `published_by` = CASE WHEN `published_at` IS NULL THEN `published_by` ELSE coalesce(`published_by`, 'system:migration 0008') END
WHERE `model_id` = 'default' AND `version` = 1;

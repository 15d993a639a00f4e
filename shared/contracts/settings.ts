import { z } from 'zod';
import { DEFAULT_TIERS } from '../health/defaults';
import { DEFAULT_HYSTERESIS_DAYS, MAX_HYSTERESIS_DAYS } from '../health/transitions';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

// ---------------------------------------------------------------------------------------------------
// Tier names and colours

/** The tier keys whose display name and colour can be set: the keys of the default tiers, best first. */
export const TIER_KEYS = DEFAULT_TIERS.map((t) => t.key);

const tierKeySchema = z.enum(TIER_KEYS as [string, ...string[]], { error: 'unknown tier key' });

const tierNamesSchema = z.object({ zh: z.string().trim().min(1).max(40).optional() }).strict();

/** One tier as every screen shows it. */
export const tierDisplaySchema = z
  .object({
    key: tierKeySchema,
    name: z.string().min(1).max(40),
    names: tierNamesSchema.optional().meta({
      description: 'The name in other languages (`zh`); absent: the English `name` everywhere.',
    }),
    color: z
      .string()
      .regex(/^#[0-9a-f]{6}$/)
      .meta({ description: '`#rrggbb`, lowercase.' }),
  })
  .meta({ id: 'TierDisplay' });
/** One tier as every screen shows it: `name` 1–40 characters, `color` `#rrggbb` lowercase. */
export type TierDisplay = z.infer<typeof tierDisplaySchema>;

/** `GET /api/settings/tiers` and `PUT /api/settings/tiers` → 200: every known tier, best first. */
export const tierSettingsSchema = z
  .object({ tiers: z.array(tierDisplaySchema) })
  .meta({ id: 'TierSettings' });
export type TierSettings = z.infer<typeof tierSettingsSchema>;

const tierDisplayInput = z
  .object({
    key: tierKeySchema,
    name: z.string().trim().min(1).max(40),
    names: tierNamesSchema.optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb')
      .transform((c) => c.toLowerCase()),
  })
  .strict();

/**
 * `PUT /api/settings/tiers` (admin) — names and colours for some or all known tiers; tiers left out keep theirs.
 * @example tierSettingsInput.parse({ tiers: [{ key: 'red', name: 'At risk', color: '#dc2626' }] })
 */
export const tierSettingsInput = z
  .object({
    tiers: z
      .array(tierDisplayInput)
      .min(1)
      .max(TIER_KEYS.length)
      .refine(
        (tiers) => new Set(tiers.map((t) => t.key)).size === tiers.length,
        'each tier key at most once',
      ),
  })
  .strict()
  .meta({
    id: 'TierSettingsInput',
    description: 'Each tier key at most once; colours are stored lowercase.',
    example: { tiers: [{ key: 'red', name: 'At risk', color: '#dc2626' }] },
  });

/** The parsed body of `PUT /api/settings/tiers`. */
export type TierSettingsInput = z.infer<typeof tierSettingsInput>;

// ---------------------------------------------------------------------------------------------------
// How wins and saves are counted

const hysteresisDays = z
  .number()
  .int()
  .min(0)
  .max(MAX_HYSTERESIS_DAYS)
  .meta({
    description: `A tier change undone within this many days is a bounce: neither it nor its undoing counts as a win, save or decline on the dashboard. 0 counts every change. Default ${DEFAULT_HYSTERESIS_DAYS}.`,
    example: DEFAULT_HYSTERESIS_DAYS,
  });

/** `GET /api/settings/transitions` and `PUT /api/settings/transitions` → 200. */
export const transitionSettingsSchema = z.object({ hysteresisDays }).meta({ id: 'TransitionSettings' });
export type TransitionSettings = z.infer<typeof transitionSettingsSchema>;

/**
 * `PUT /api/settings/transitions` (admin): an integer 0..90.
 * @example transitionSettingsInput.parse({ hysteresisDays: 14 })
 */
export const transitionSettingsInput = z
  .object({ hysteresisDays })
  .strict()
  .meta({ id: 'TransitionSettingsInput', example: { hysteresisDays: 14 } });

// ---------------------------------------------------------------------------------------------------
// The feature catalog

/** `/api/features/:id` */
export const featureIdParam = z.object({ id: z.coerce.number().int().positive() });

/** One feature of the catalog: a track event name, or a page or screen name, registered on first sight. */
export const featureSchema = z
  .object({
    id: z.number().int().positive(),
    key: z
      .string()
      .meta({ description: 'The track event name, or `page:`/`screen:` and the page or screen name.' }),
    name: z.string().meta({ description: 'Display name: the name as first seen until an admin renames it.' }),
    kind: z.enum(['track', 'page', 'screen']),
    module: z.string().nullable().meta({ description: 'The product module it belongs to; null when unset.' }),
    isCore: z.boolean().meta({ description: 'Counts toward core feature usage in health scores.' }),
    firstSeenAt: isoTimestamp,
  })
  .meta({ id: 'Feature' });
export type Feature = z.infer<typeof featureSchema>;

/** `GET /api/features`: by module, then key. */
export const featureListSchema = z.object({ items: z.array(featureSchema) }).meta({ id: 'FeatureList' });
export type FeatureList = z.infer<typeof featureListSchema>;

/** `PATCH /api/features/:id` — at least one field. */
export const updateFeatureInput = z
  .object({
    module: z.string().trim().min(1).max(100).nullable().optional().meta({ description: 'null clears it.' }),
    isCore: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'provide at least one of module, isCore, name')
  .meta({ id: 'UpdateFeatureInput', example: { module: 'Reports', isCore: true } });
export type UpdateFeatureInput = z.infer<typeof updateFeatureInput>;

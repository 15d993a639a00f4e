import { z } from 'zod';
import { DEFAULT_TIERS } from '../health/defaults';

/** The tier keys whose display name and colour can be set: the keys of the default tiers, best first. */
export const TIER_KEYS = DEFAULT_TIERS.map((t) => t.key);

/** One tier as every screen shows it. `color` is `#rrggbb`. */
export interface TierDisplay {
  key: string;
  /** 1–40 characters. */
  name: string;
  /** `#rrggbb`, lowercase. */
  color: string;
}

/** `GET /api/settings/tiers` and `PUT /api/settings/tiers` → 200: every known tier, best first. */
export interface TierSettings {
  tiers: TierDisplay[];
}

const tierDisplaySchema = z
  .object({
    key: z.string().refine((k) => TIER_KEYS.includes(k), 'unknown tier key'),
    name: z.string().trim().min(1).max(40),
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
      .array(tierDisplaySchema)
      .min(1)
      .max(TIER_KEYS.length)
      .refine(
        (tiers) => new Set(tiers.map((t) => t.key)).size === tiers.length,
        'each tier key at most once',
      ),
  })
  .strict();

/** The parsed body of `PUT /api/settings/tiers`. */
export type TierSettingsInput = z.infer<typeof tierSettingsInput>;

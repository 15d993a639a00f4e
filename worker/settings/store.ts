import { eq } from 'drizzle-orm';
import { settings } from '../../drizzle/schema';
import type { TierDisplay, TransitionSettings } from '../../shared/contracts/settings';
import { DEFAULT_TEXTS_ZH } from '../../shared/health/default-texts';
import { DEFAULT_TIERS } from '../../shared/health/defaults';
import { DEFAULT_HYSTERESIS_DAYS, MAX_HYSTERESIS_DAYS } from '../../shared/health/transitions';
import { type AuditEntry, auditInsert } from '../audit/store';
import type { Db } from '../common/db';

/** The `settings` row holding tier display overrides: JSON `TierDisplay[]`, only the tiers an admin has set. */
const TIERS_KEY = 'tiers';

/** The built-in names and colours, best first. */
export const DEFAULT_TIER_DISPLAY: readonly TierDisplay[] = DEFAULT_TIERS.map((t) => ({
  key: t.key,
  name: t.label ?? t.key,
  names: { zh: DEFAULT_TEXTS_ZH.tiers[t.key]?.label },
  color: t.color ?? '#64748b',
}));

/** Stored entries laid over the defaults; entries for keys that are no longer known are dropped. */
function merge(stored: readonly TierDisplay[]): TierDisplay[] {
  const byKey = new Map(stored.map((t) => [t.key, t]));
  return DEFAULT_TIER_DISPLAY.map((d) => {
    const s = byKey.get(d.key);
    if (!s) return { ...d };
    // A tier renamed without a translation shows its new name in every language, not the default's translation.
    const names = s.names ?? (s.name === d.name ? d.names : undefined);
    return names
      ? { key: d.key, name: s.name, names, color: s.color }
      : { key: d.key, name: s.name, color: s.color };
  });
}

async function readStored(db: Db): Promise<TierDisplay[]> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, TIERS_KEY) });
  if (!row) return [];
  const value = JSON.parse(row.value) as unknown;
  return Array.isArray(value) ? (value as TierDisplay[]) : [];
}

/**
 * Every known tier's display name and colour, best first: an admin's choice where set, else the default.
 * @example (await getTierDisplay(db)).map((t) => t.name) // ['Green', 'Green-yellow', 'Yellow', 'Red']
 */
export async function getTierDisplay(db: Db): Promise<TierDisplay[]> {
  return merge(await readStored(db));
}

/**
 * Sets names and colours of the given tiers (others keep theirs) and records the change in the audit log, in one
 * batch. Returns every tier as now stored. `tiers` must hold known keys only (validated by the route).
 */
export async function setTierDisplay(
  db: Db,
  tiers: readonly TierDisplay[],
  audit: Pick<AuditEntry, 'actor'>,
  now: number,
): Promise<TierDisplay[]> {
  const next = merge([...(await readStored(db)), ...tiers]);
  const value = JSON.stringify(next);
  await db.batch([
    db
      .insert(settings)
      .values({ key: TIERS_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }),
    auditInsert(
      db,
      {
        actor: audit.actor,
        action: 'settings.tiers',
        entity: 'settings',
        entityId: TIERS_KEY,
        details: { tiers },
      },
      now,
    ),
  ]);
  return next;
}

/** The `settings` row holding how wins and saves are counted: JSON {@link TransitionSettings}. */
const TRANSITIONS_KEY = 'transitions';

/**
 * How wins and saves are counted: the stored setting, or the default when unset or unreadable (a value out
 * of range, written by hand, falls back too rather than breaking the dashboard).
 * @example (await getTransitionSettings(db)).hysteresisDays // 7
 */
export async function getTransitionSettings(db: Db): Promise<TransitionSettings> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, TRANSITIONS_KEY) });
  try {
    const days = (JSON.parse(row?.value ?? '{}') as { hysteresisDays?: unknown }).hysteresisDays;
    if (Number.isInteger(days) && (days as number) >= 0 && (days as number) <= MAX_HYSTERESIS_DAYS)
      return { hysteresisDays: days as number };
  } catch {
    // Corrupt JSON: the default.
  }
  return { hysteresisDays: DEFAULT_HYSTERESIS_DAYS };
}

/** Stores the setting (validated by the route) and its audit entry, with the previous value, in one batch. */
export async function setTransitionSettings(
  db: Db,
  next: TransitionSettings,
  audit: Pick<AuditEntry, 'actor'>,
  now: number,
): Promise<TransitionSettings> {
  const before = await getTransitionSettings(db);
  const value = JSON.stringify(next);
  await db.batch([
    db
      .insert(settings)
      .values({ key: TRANSITIONS_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }),
    auditInsert(
      db,
      {
        actor: audit.actor,
        action: 'settings.transitions',
        entity: 'settings',
        entityId: TRANSITIONS_KEY,
        details: { before, after: next },
      },
      now,
    ),
  ]);
  return next;
}

import { eq, sql } from 'drizzle-orm';
import { settings } from '../../drizzle/schema';
import { type RevenueSettings, revenueSettingsSchema } from '../../shared/contracts/revenue';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

const KEY = 'revenue';

/** The settings of a new installation: US dollars, no other currency, the articles' usual reasons. */
export const DEFAULT_REVENUE_SETTINGS: RevenueSettings = {
  reportingCurrency: 'USD',
  currencyRates: {},
  renewalReasons: [
    { key: 'price', label: 'Price' },
    { key: 'product_gap', label: 'Product gap' },
    { key: 'champion_left', label: 'Champion left' },
    { key: 'budget', label: 'Budget' },
    { key: 'acquired', label: 'Acquired' },
    { key: 'poor_adoption', label: 'Poor adoption' },
    { key: 'support', label: 'Support experience' },
    { key: 'value_realised', label: 'Value realised' },
    { key: 'other', label: 'Other' },
  ],
  grossMarginRate: 0.8,
};

/**
 * The revenue settings in force: the stored value, or the defaults when unset or unreadable (a value written
 * by hand that no longer validates falls back rather than breaking every revenue route).
 */
export async function getRevenueSettings(db: Db): Promise<RevenueSettings> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, KEY) });
  if (!row) return DEFAULT_REVENUE_SETTINGS;
  try {
    const parsed = revenueSettingsSchema.safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data;
  } catch {
    // Corrupt JSON: the defaults.
  }
  return DEFAULT_REVENUE_SETTINGS;
}

/** Whether any money has been stored (then the reporting currency can no longer change). */
export async function hasMoneyData(db: Db): Promise<boolean> {
  const row = await db.get<{ any: number }>(sql`SELECT EXISTS (SELECT 1 FROM contracts)
      OR EXISTS (SELECT 1 FROM cs_costs)
      OR EXISTS (SELECT 1 FROM cs_leads WHERE won_arr_minor IS NOT NULL)
      OR EXISTS (SELECT 1 FROM advocacy WHERE referral_arr_minor IS NOT NULL) AS "any"`);
  return row?.any === 1;
}

/** Stores the settings (validated by the route) with an audit entry holding before and after, in one batch. */
export async function setRevenueSettings(
  db: Db,
  next: RevenueSettings,
  actor: string,
  now: number,
): Promise<RevenueSettings> {
  const before = await getRevenueSettings(db);
  const value = JSON.stringify(next);
  await db.batch([
    db
      .insert(settings)
      .values({ key: KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }),
    auditInsert(
      db,
      {
        actor,
        action: 'settings.revenue',
        entity: 'settings',
        entityId: KEY,
        details: { before, after: next },
      },
      now,
    ),
  ]);
  return next;
}

import { sql } from 'drizzle-orm';
import type { Db } from '../common/db';

/** A decided renewal and the day its account is scored as of (the due date minus the lead). */
export interface DecidedRenewal {
  accountId: number;
  asOfDay: string;
  renewed: boolean;
}

/**
 * Decided renewals of recurring contracts whose score day (`renewal_due_date − leadDays`) is a complete past
 * day on or after `firstDay` (the first day with usage: before it there is nothing to score), newest first, at
 * most `limit`. Renewed = renewed, expanded, downgraded or opted out and retained; churned is not.
 */
export async function decidedRenewals(
  db: Db,
  opts: { leadDays: number; firstDay: string; lastDay: string; limit: number },
): Promise<DecidedRenewal[]> {
  const rows = await db.all<{ account_id: number; as_of: string; renewed: number }>(sql`
    SELECT account_id, date(renewal_due_date, ${`-${opts.leadDays} days`}) AS as_of,
      outcome <> 'churned' AS renewed
    FROM contracts
    WHERE outcome IS NOT NULL AND interval <> 'once'
      AND date(renewal_due_date, ${`-${opts.leadDays} days`}) BETWEEN ${opts.firstDay} AND ${opts.lastDay}
    ORDER BY renewal_due_date DESC, id DESC LIMIT ${opts.limit}`);
  return rows.map((r) => ({ accountId: r.account_id, asOfDay: r.as_of, renewed: r.renewed === 1 }));
}

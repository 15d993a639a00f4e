import { sql } from 'drizzle-orm';
import type { AccountRecord } from '../../shared/health';
import type { Db } from '../common/db';
import { churnedOnSql, contractStartSql, renewalDateSql } from '../scoring/snapshots-store';

const PAGE = 2000;

/**
 * Every account as segment rules see it on `today` (contract dates over the group traits, a churned last
 * contract as `churnedAt`), a page at a time; an account with corrupt traits JSON gets none.
 */
export async function* accountRecords(db: Db, today: string): AsyncGenerator<AccountRecord[]> {
  for (let after = 0; ; ) {
    const rows = await db.all<{
      id: number;
      external_id: string;
      name: string;
      plan: string | null;
      industry: string | null;
      employees: number | null;
      seats: number | null;
      arr_cents: number | null;
      mrr_cents: number | null;
      currency: string | null;
      start: string | null;
      renewal: string | null;
      churned: string | null;
      owner_email: string | null;
      traits: string;
    }>(sql`SELECT a.id, a.external_id, a.name, a.plan, a.industry, a.employees, a.seats, a.arr_cents, a.mrr_cents,
        a.currency, ${contractStartSql(today)} AS start, ${renewalDateSql(today)} AS renewal,
        ${churnedOnSql(today)} AS churned, a.owner_email, a.traits
      FROM accounts a WHERE a.id > ${after} ORDER BY a.id LIMIT ${PAGE}`);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map((a) => {
      let traits: Record<string, unknown> = {};
      try {
        const parsed = JSON.parse(a.traits) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          traits = parsed as Record<string, unknown>;
      } catch {
        // Corrupt traits: rules on traits do not match.
      }
      return {
        id: a.id,
        externalId: a.external_id,
        name: a.name,
        plan: a.plan,
        industry: a.industry,
        employees: a.employees,
        seats: a.seats,
        arrCents: a.arr_cents,
        mrrCents: a.mrr_cents,
        currency: a.currency,
        contractStartDate: a.start,
        renewalDate: a.renewal,
        ownerEmail: a.owner_email,
        traits,
        ...(a.churned ? { churnedAt: Date.parse(`${a.churned}T00:00:00Z`) } : {}),
      };
    });
  }
}

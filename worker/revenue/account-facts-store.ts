import { type SQL, sql } from 'drizzle-orm';

/**
 * Recomputes the contract facts stored on accounts (`first_contract_start`, `contract_churned_on`) for these
 * account ids, from their contracts: the earliest start, and the end of the latest-started recurring contract
 * (ties: the later row) when its outcome is `churned`. Runs in the batch that writes the contracts, so the facts
 * never disagree with them; GET /api/metrics reads them instead of walking every account's contracts.
 * @example statements.push(refreshAccountFacts([1, 2]))
 */
export function refreshAccountFacts(accountIds: readonly number[]): SQL {
  return sql`UPDATE accounts SET
      first_contract_start = (SELECT min(c.period_start) FROM contracts c WHERE c.account_id = accounts.id),
      contract_churned_on = (SELECT CASE WHEN c.outcome = 'churned' THEN c.period_end END FROM contracts c
        WHERE c.account_id = accounts.id AND c.interval <> 'once' ORDER BY c.period_start DESC, c.id DESC LIMIT 1)
    WHERE id IN (SELECT value FROM json_each(${JSON.stringify([...new Set(accountIds)])}))`;
}
